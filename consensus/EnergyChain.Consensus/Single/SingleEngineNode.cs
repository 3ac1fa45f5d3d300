using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Reactors;

namespace EnergyChain.Consensus.Single;

/// <summary>
/// The <c>single</c> engine on one node: the designated producer runs <see cref="SingleNodeProducer"/>; every node
/// takes blocks by gossip and sync, refusing any not signed by the producer (<see cref="DesignatedProducer.Check"/>).
/// </summary>
public sealed class SingleEngineNode : IEngineNode
{
    private readonly SingleEngine _engine;
    private CancellationTokenSource? _stop;
    private Task _producing = Task.CompletedTask;

    public SingleEngineNode(SingleEngine engine, EngineNodeContext context)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(context);
        _engine = engine;
        Chain = context.Chain;
        Producer = new SingleNodeProducer(engine.Producer, context);
        BlockExchange = new ChainPort(context.Chain, engine.Producer.Check);
    }

    public SingleNodeProducer Producer { get; }

    /// <summary>Every committed block is final: only the designated producer makes blocks, so nothing forks.</summary>
    public ulong FinalizedHeight => Chain.Head.Height;

    public IChainPort? BlockExchange { get; }

    public IReadOnlyList<uint> ConsensusCategories => [];

    public IReadOnlyDictionary<string, EngineRouteHandler> Routes { get; } = new Dictionary<string, EngineRouteHandler>();

    private Core.Chain.Blockchain Chain { get; }

    public PublicKey? ElectedProducer(ulong height) => _engine.Producer.Producer.PublicKey;

    /// <summary>None: a block is final by its producer's signature alone.</summary>
    public (Block Block, CommitCertificate Certificate)? GetCommitted(ulong height) => null;

    public object? Status() => null;

    public Task StartAsync(IEngineNetwork network, CancellationToken cancellationToken)
    {
        _stop = new CancellationTokenSource();
        var stop = _stop.Token;
        _producing = Task.Run(() => Producer.RunAsync(stop), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stop is { } stop)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await _producing.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stop?.Dispose();
}
