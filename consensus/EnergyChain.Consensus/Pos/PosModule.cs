using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Pos;

/// <summary>The pos engine as a module: stake-weighted proposer election and BFT finality.</summary>
public sealed class PosModule : IEngineModule
{
    private static readonly PosParameters Defaults = new();

    public string Name => EngineNames.Pos;

    public string Summary => "proof of stake: proposers drawn by locked stake, a block final once more than 2/3 of the stake precommitted it";

    public IReadOnlyList<EngineParameterInfo> Parameters { get; } =
    [
        new("proposeTimeoutMs", "integer", $"{Defaults.ProposeTimeoutMs}", "how long validators wait for the elected proposer before the next round"),
    ];

    public bool RevertsBlocks => false;

    public IReadOnlyList<EngineRoute> Routes => [];

    public EngineDevnet Devnet => EngineDevnet.None;

    public IConsensusEngine CreateEngine(GenesisDocument genesis) => new PosEngine(genesis);

    public IEngineNode CreateNode(IConsensusEngine engine, EngineNodeContext context) => new ReplicaEngineNode((PosEngine)engine, context);
}
