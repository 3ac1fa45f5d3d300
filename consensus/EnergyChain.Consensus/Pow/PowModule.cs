using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Pow;

/// <summary>The pow engine as a module: the thesis's baseline, open mining competition on the heaviest chain.</summary>
/// <param name="minerThreads">Threads each node mines with; 0 means one per logical processor.</param>
public sealed class PowModule(int minerThreads = 0) : IEngineModule
{
    private static readonly PowParameters Defaults = new();

    public string Name => EngineNames.Pow;

    public string Summary => "proof of work: open mining competition, heaviest chain, final after 6 confirmations (the baseline)";

    public IReadOnlyList<EngineParameterInfo> Parameters { get; } =
    [
        new("targetBlockMs", "integer", $"{Defaults.TargetBlockMs}", "the block time retargeting aims for, in milliseconds"),
        new("retargetInterval", "integer", $"{Defaults.RetargetInterval}", "blocks between difficulty adjustments"),
        new("maxAdjustmentFactor", "integer", $"{Defaults.MaxAdjustmentFactor}", "the most one adjustment may multiply or divide the target by"),
        new("initialDifficultyBits", "integer", $"{PowParameters.DefaultInitialDifficultyBits}", "leading zero bits of the first target (or give initialTargetHex)"),
        new("initialTargetHex", "string", "(from initialDifficultyBits)", "the first target as 64 hex digits"),
        new("minDifficultyBits", "integer", $"{PowParameters.DefaultMinDifficultyBits}", "the easiest target retargeting may reach, as leading zero bits"),
        new("blockReward", "integer", $"{Defaults.BlockReward}", "micro-units minted to the miner of each block, on top of the fees"),
    ];

    /// <summary>The heaviest branch may replace blocks below the head, so the store keeps undo data.</summary>
    public bool RevertsBlocks => true;

    public IReadOnlyList<EngineRoute> Routes => [];

    public EngineDevnet Devnet => EngineDevnet.None;

    public IConsensusEngine CreateEngine(GenesisDocument genesis) => new PowEngine(PowParameters.FromGenesis(genesis), minerThreads);

    public IEngineNode CreateNode(IConsensusEngine engine, EngineNodeContext context) => new PowEngineNode((PowEngine)engine, context);
}
