using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Single;

/// <summary>The <c>single</c> engine as a module: one designated producer, for development and demos.</summary>
public sealed class SingleModule : IEngineModule
{
    public string Name => EngineNames.Single;

    public string Summary => "one designated producer signs every block, the other members follow (development and demos)";

    public IReadOnlyList<EngineParameterInfo> Parameters { get; } =
    [
        new(DesignatedProducer.ProducerField, "string", "(the first member)", "the name of the member that produces every block"),
    ];

    public bool RevertsBlocks => false;

    public IReadOnlyList<EngineRoute> Routes => [];

    public EngineDevnet Devnet => EngineDevnet.None;

    public IConsensusEngine CreateEngine(GenesisDocument genesis) => new SingleEngine(genesis);

    public IEngineNode CreateNode(IConsensusEngine engine, EngineNodeContext context) => new SingleEngineNode((SingleEngine)engine, context);
}
