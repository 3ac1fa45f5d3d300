using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Reactors;
using Microsoft.Extensions.Logging;

namespace EnergyChain.Consensus.Bft;

/// <summary>
/// The running part of every engine that finalizes by votes (pos, poeg, posoc): the BFT replica. Its messages travel
/// on the P2P consensus channel (<see cref="ConsensusCategory.Bft"/>), its blocks are built from the mempool and
/// committed through <c>Blockchain.TryAppend</c> once more than two thirds of the voting weight precommitted them,
/// so every committed block is final. A double-signing proposer is reported by an evidence transaction
/// (<see cref="ChainApplication"/>). Engines add their read models (<c>/v1/consensus</c> part, routes).
/// </summary>
public sealed partial class ReplicaEngineNode : IEngineNode, IReplicaNetwork
{
    private readonly IVotingEngine _engine;
    private readonly EngineNodeContext _context;
    private readonly Func<object?> _status;
    private readonly ILogger<ReplicaEngineNode> _log;
    private Replica? _replica;
    private IEngineNetwork? _network;

    /// <param name="engine">The election, voters and rules.</param>
    /// <param name="context">The node's chain, mempool, key and settings.</param>
    /// <param name="status">The engine's part of <c>/v1/consensus</c>; none when null.</param>
    /// <param name="routes">The engine's API routes by path.</param>
    public ReplicaEngineNode(IVotingEngine engine, EngineNodeContext context, Func<object?>? status = null, IReadOnlyDictionary<string, EngineRouteHandler>? routes = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(context);
        _engine = engine;
        _context = context;
        _status = status ?? (() => null);
        Routes = routes ?? new Dictionary<string, EngineRouteHandler>();
        _log = context.Loggers.CreateLogger<ReplicaEngineNode>();
        var chain = context.Chain;
        Application = new ChainApplication(chain, context.Pool, context.Key, _ => engine.VotersAt(chain), (height, round) => engine.ProducerFor(chain, height, round));
        Application.Finalized += (block, certificate) => LogFinalized(block.Height, certificate.Round, block.Transactions.Count, certificate.Precommits.Count);
    }

    /// <summary>The replica once started (tests and diagnostics).</summary>
    public Replica? Replica => _replica;

    public ChainApplication Application { get; }

    /// <summary>Every committed block is final: it was committed only with its commit certificate.</summary>
    public ulong FinalizedHeight => _context.Chain.Head.Height;

    /// <summary>None: proposals, votes and commit certificates travel on the consensus channel.</summary>
    public IChainPort? BlockExchange => null;

    public IReadOnlyList<uint> ConsensusCategories { get; } = [ConsensusCategory.Bft];

    public IReadOnlyDictionary<string, EngineRouteHandler> Routes { get; }

    public PublicKey? ElectedProducer(ulong height) => _engine.ProducerFor(_context.Chain, height, 0);

    public (Block Block, CommitCertificate Certificate)? GetCommitted(ulong height) => Application.GetCommitted(height);

    public object? Status() => _status();

    public Task StartAsync(IEngineNetwork network, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!network.IsEnabled)
        {
            throw new EngineStartException($"the {_engine.Name} engine needs the P2P network: set p2p or peers");
        }

        _network = network;
        var chain = _context.Chain;
        var guard = new FileSignGuard(Path.Combine(_context.DataDirectory, "sign-state.bin"));
        var options = new ReplicaOptions { CommitDelay = _context.BlockInterval, ProposeTimeout = TimeSpan.FromMilliseconds(_engine.ProposeTimeoutMs) };
        _replica = new Replica(_context.Key, chain.Genesis.ChainId, CryptoBackends.Default, Application, this, _context.Time, options, guard);
        var replica = _replica;
        network.Handle(ConsensusCategory.Bft, replica.Receive);
        replica.Start();
        LogStarted(_engine.VotersAt(chain).Members.Count, _context.BlockInterval.TotalMilliseconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _replica?.Stop();
        return Task.CompletedTask;
    }

    public void Broadcast(byte[] message) => _network?.Broadcast(ConsensusCategory.Bft, message);

    public void Send(object peer, byte[] message) => _network?.Send(peer, ConsensusCategory.Bft, message);

    public void Dispose()
    {
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "BFT consensus: {Validators} validators, {IntervalMs} ms between heights")]
    private partial void LogStarted(int validators, double intervalMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Final block {Height} (round {Round}, {Txs} txs, {Votes} precommits)")]
    private partial void LogFinalized(ulong height, uint round, int txs, int votes);
}
