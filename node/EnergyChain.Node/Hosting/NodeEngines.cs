using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Consensus.Pos;
using EnergyChain.Consensus.Posoc;
using EnergyChain.Consensus.Posoc.V2v;
using EnergyChain.Consensus.Pow;
using EnergyChain.Consensus.Single;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Storage;
using EnergyChain.Node.Grpc;
using EnergyChain.Rpc.V1;

namespace EnergyChain.Node.Hosting;

/// <summary>
/// The engine modules this node ships: the one place that names them. Everything else in the node reaches an
/// engine through <see cref="IEngineModule"/> and <see cref="IEngineNode"/>, picked by <c>genesis.consensus.engine</c>.
/// </summary>
public static class NodeEngines
{
    /// <summary>
    /// PoW mining threads per node. One: a devnet runs several nodes on one machine, and four nodes mining with every
    /// core each would starve their own networking and block execution. The hashrate only scales the difficulty.
    /// </summary>
    public const int MinerThreads = 1;

    /// <summary>The engine a devnet uses when none is named.</summary>
    public const string DefaultDevnetEngine = EngineNames.Pos;

    /// <summary>The registered modules, by name.</summary>
    public static EngineRegistry Registry { get; } = new EngineRegistry()
        .Register(new SingleModule())
        .Register(new PosModule())
        .Register(new PoegModule())
        .Register(new PosocModule())
        .Register(new PowModule(MinerThreads));

    /// <summary>Every engine name a genesis may use with this build, in ordinal order.</summary>
    public static IReadOnlyList<string> Names => Registry.Names;

    /// <summary>The module named <paramref name="engine"/>; an unknown name is a setup error naming the known ones.</summary>
    public static IEngineModule Get(string engine) => Get(Registry, engine);

    /// <summary>The module named <paramref name="engine"/> in <paramref name="registry"/>, or a setup error naming the known ones.</summary>
    public static IEngineModule Get(EngineRegistry registry, string engine)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.IsRegistered(engine)
            ? registry.Get(engine)
            : throw new NodeSetupException($"consensus engine '{engine}' is not available in this version; use one of: {string.Join(", ", registry.Names)}");
    }

    /// <summary>
    /// Where gRPC SubscribeMarket reads <paramref name="engine"/>'s market from: the engine route that shows one slot
    /// or hour, and the fields of that view it needs. Null for an engine without a market.
    /// </summary>
    internal static MarketFeed? MarketFeedOf(string engine) => engine switch
    {
        EngineNames.Poeg => new MarketFeed(
            MarketReadModel.SlotRoute.Path, "slot", "phase", "clearingHeight", "settlementHeight", MarketEventKind.SlotCleared, MarketEventKind.SlotSettled),
        EngineNames.Posoc => new MarketFeed(
            V2vReadModel.HourRoute.Path, "hour", "state", "matchHeight", "settlementHeight", MarketEventKind.V2VMatched, MarketEventKind.V2VSettled),
        _ => null,
    };

    public static string Validate(string engine) => Get(engine).Name;

    /// <summary>
    /// Block store settings for <paramref name="engine"/>. Only a forking engine's fork choice reverts blocks, so only
    /// it keeps undo data: under the others a committed block is final, and an undo record per block (every changed
    /// account read back and written again, in the commit on the consensus critical path) would be written for nobody.
    /// </summary>
    public static BlockStoreOptions StoreOptions(string engine) =>
        new() { UndoDepth = Get(engine).RevertsBlocks ? BlockStoreOptions.DefaultUndoDepth : 0 };

    /// <summary>The engine <paramref name="genesis"/> names; bad parameters are setup errors.</summary>
    public static IConsensusEngine Create(GenesisDocument genesis) => Create(Get(genesis.Engine), genesis);

    /// <summary>The engine <paramref name="module"/> makes for <paramref name="genesis"/>; bad parameters are setup errors.</summary>
    public static IConsensusEngine Create(IEngineModule module, GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(genesis);
        try
        {
            return module.CreateEngine(genesis);
        }
        catch (EngineParameterException e)
        {
            throw new NodeSetupException($"genesis consensus.params for '{genesis.Engine}': {e.Message}");
        }
    }
}
