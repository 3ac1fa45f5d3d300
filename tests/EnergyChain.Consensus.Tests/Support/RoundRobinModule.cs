using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Tests.Support;

/// <summary>
/// <see cref="RoundRobinEngine"/> as a module: the BFT replica as its running part, one route that reports whose
/// turn it is, no parameters and no devnet participants.
/// </summary>
public sealed class RoundRobinModule : IEngineModule
{
    public static readonly EngineRoute TurnRoute = new("/v1/turn", "whose turn it is to propose the next block", "takes no turns");

    public string Name => RoundRobinEngine.EngineName;

    public string Summary => "members propose in turn (test only)";

    public IReadOnlyList<EngineParameterInfo> Parameters => [];

    public bool RevertsBlocks => false;

    public IReadOnlyList<EngineRoute> Routes { get; } = [TurnRoute];

    public EngineDevnet Devnet => EngineDevnet.None;

    public IConsensusEngine CreateEngine(GenesisDocument genesis) => new RoundRobinEngine(genesis);

    public IEngineNode CreateNode(IConsensusEngine engine, EngineNodeContext context)
    {
        var roundRobin = (RoundRobinEngine)engine;
        var chain = context.Chain;
        object Turn() => new { next = roundRobin.ProducerFor(chain, chain.Head.Height + 1, 0).ToString() };
        return new ReplicaEngineNode(roundRobin, context, Turn, new Dictionary<string, EngineRouteHandler> { [TurnRoute.Path] = _ => EngineResponse.Ok(Turn()) });
    }
}
