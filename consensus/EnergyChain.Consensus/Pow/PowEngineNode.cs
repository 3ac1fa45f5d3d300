using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Reactors;
using Microsoft.Extensions.Logging;

namespace EnergyChain.Consensus.Pow;

/// <summary>
/// PoW on one node: the block tree with its fork choice (<see cref="PowChain"/>), the mempool kept right across
/// reorganizations (<see cref="PowMempool"/>), block gossip and sync over the tree (<see cref="PowChainPort"/>: blocks
/// carry their own proof, so they spread like any block), and the miner of a genesis member (<see cref="PowMiner"/>).
/// Finality is probabilistic: the head minus <see cref="PowChain.Confirmations"/>.
/// </summary>
public sealed class PowEngineNode : IEngineNode
{
    private readonly PowChain _pow;
    private readonly PowMiner _miner;
    private readonly IDisposable _mempool;
    private CancellationTokenSource? _stop;
    private Task _mining = Task.CompletedTask;

    public PowEngineNode(PowEngine engine, EngineNodeContext context)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(context);
        _pow = new PowChain(context.Chain, engine, context.Time, log: context.Loggers.CreateLogger<PowChain>());
        _mempool = PowMempool.Attach(context.Chain, context.Pool);
        _miner = new PowMiner(_pow, context);
        BlockExchange = new PowChainPort(_pow, context.Time);
    }

    /// <summary>The block tree (side blocks, fork choice, reorganizations).</summary>
    public PowChain Chain => _pow;

    public PowMiner Miner => _miner;

    public ulong FinalizedHeight => _pow.FinalizedHeight;

    public IChainPort? BlockExchange { get; }

    /// <summary>None: PoW blocks carry their proof and travel by block propagation and sync.</summary>
    public IReadOnlyList<uint> ConsensusCategories => [];

    public IReadOnlyDictionary<string, EngineRouteHandler> Routes { get; } = new Dictionary<string, EngineRouteHandler>();

    /// <summary>Nobody: production is an open competition.</summary>
    public PublicKey? ElectedProducer(ulong height) => null;

    /// <summary>None: a PoW block has no commit certificate, only the work piled on it.</summary>
    public (Block Block, CommitCertificate Certificate)? GetCommitted(ulong height) => null;

    public object? Status()
    {
        var target = _pow.NextTarget;
        return new
        {
            target = PowTarget.ToHex(target),
            compactTarget = $"0x{PowTarget.ToCompact(target):x8}",

            // Leading zero bits of the target, i.e. log2 of the expected hashes per block rounded down.
            difficultyBits = 256 - (int)target.GetBitLength(),
            headTotalWork = _pow.HeadTotalWork.ToString(System.Globalization.CultureInfo.InvariantCulture),
            hashrate = _miner.HashesPerSecond,
            mining = _miner.IsMining,
            minerThreads = _miner.Threads,
            blocksMined = _miner.BlocksMined,
            confirmations = _pow.Confirmations,
            finalizedHeight = _pow.FinalizedHeight,
            sideBlocks = _pow.SideBlockCount,
            orphans = _pow.OrphanCount,
            targetBlockMs = _pow.Engine.Parameters.TargetBlockMs,
            retargetInterval = _pow.Engine.Parameters.RetargetInterval,
        };
    }

    public Task StartAsync(IEngineNetwork network, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        _stop = new CancellationTokenSource();
        var stop = _stop.Token;
        _mining = Task.Run(() => _miner.RunAsync(network, stop), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stop is { } stop)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await _mining.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _mempool.Dispose();
        _stop?.Dispose();
    }
}
