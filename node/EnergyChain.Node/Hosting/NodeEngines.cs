using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Consensus.Pos;
using EnergyChain.Consensus.Posoc;
using EnergyChain.Consensus.Pow;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Storage;

namespace EnergyChain.Node.Hosting;

/// <summary>
/// The consensus engines this node ships, by their genesis names. The core knows none of them: the node picks
/// the one <c>genesis.consensus.engine</c> names from <see cref="Registry"/> and hands its incentives to the chain.
/// </summary>
public static class NodeEngines
{
    /// <summary>One designated producer, the others follow (no voting); a development engine outside the registry.</summary>
    public const string Single = "single";

    /// <summary>Stake-weighted proposer election and BFT finality votes (consensus/Pos, consensus/Bft).</summary>
    public const string Pos = EngineNames.Pos;

    /// <summary>Proof of Energy Generation: coalition formation per market slot, coalitions elected by proof score, BFT finality (consensus/Poeg).</summary>
    public const string Poeg = EngineNames.Poeg;

    /// <summary>Proof of State of Charge: hourly EV reports, mLAG elected per round by 24-hour score, federated aggregation on chain (consensus/Posoc).</summary>
    public const string Posoc = EngineNames.Posoc;

    /// <summary>Proof of work: open mining competition, heaviest chain, probabilistic finality (consensus/Pow).</summary>
    public const string Pow = EngineNames.Pow;

    /// <summary>
    /// Mining threads per node. One: a devnet runs several nodes on one machine, and four nodes mining with every
    /// core each would starve their own networking and block execution. The hashrate only scales the difficulty.
    /// </summary>
    public const int PowMinerThreads = 1;

    /// <summary>The pluggable engines, by name.</summary>
    public static EngineRegistry Registry { get; } = PowEngine.Register(
        new EngineRegistry()
            .Register(EngineNames.Pos, genesis => new PosEngine(genesis))
            .Register(EngineNames.Poeg, genesis => new PoegEngine(genesis))
            .Register(EngineNames.Posoc, genesis => new PosocEngine(genesis)),
        PowMinerThreads);

    /// <summary>
    /// Block store settings for <paramref name="engine"/>. Only pow's fork choice reverts blocks, so only pow keeps
    /// undo data: under the voting engines a committed block is final and the single producer never forks, so an
    /// undo record per block (every changed account read back and written again, in the commit on the consensus
    /// critical path) would be written for nobody.
    /// </summary>
    public static BlockStoreOptions StoreOptions(string engine) =>
        new() { UndoDepth = engine == Pow ? BlockStoreOptions.DefaultUndoDepth : 0 };

    /// <summary>Every engine name a genesis may use with this build, in ordinal order.</summary>
    public static IReadOnlyList<string> Names => [.. Registry.Names.Append(Single).Order(StringComparer.Ordinal)];

    public static string Validate(string engine) => engine == Single || Registry.IsRegistered(engine)
        ? engine
        : throw new NodeSetupException($"consensus engine '{engine}' is not available in this version; use one of: {string.Join(", ", Names)}");

    /// <summary>The engine <paramref name="genesis"/> names, or null for <see cref="Single"/>; bad parameters are setup errors.</summary>
    public static IConsensusEngine? Create(GenesisDocument genesis)
    {
        if (Validate(genesis.Engine) == Single)
        {
            return null;
        }

        try
        {
            return Registry.Create(genesis);
        }
        catch (EngineParameterException e)
        {
            throw new NodeSetupException($"genesis consensus.params for '{genesis.Engine}': {e.Message}");
        }
    }
}
