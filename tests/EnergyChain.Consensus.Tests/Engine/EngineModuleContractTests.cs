using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Consensus.Pos;
using EnergyChain.Consensus.Posoc;
using EnergyChain.Consensus.Pow;
using EnergyChain.Consensus.Single;
using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Engine;

/// <summary>An engine is a module: registered, created, run and queried through the module contract alone.</summary>
public sealed class EngineModuleContractTests
{
    [Fact]
    public void A_test_only_engine_runs_a_4_node_cluster_through_the_module_contract()
    {
        var registry = new EngineRegistry().Register(new PosModule()).Register(new RoundRobinModule());
        using var cluster = new ModuleCluster(registry, RoundRobinEngine.EngineName, nodes: 4, seed: 20);
        cluster.Sim.Start();
        var transfer = Transaction.Create(ModuleCluster.ChainId, cluster.Users[0], 0, 1, new TransferPayload(cluster.Users[1].Address, 500));
        Assert.True(cluster.Nodes[2].Submit(transfer).Accepted);

        Assert.True(cluster.Sim.RunUntil(() => cluster.MinHeight >= 12, TimeSpan.FromMinutes(2)), $"seed 20: heights {string.Join(", ", cluster.Nodes.Select(n => n.Chain.Head.Height))}");

        for (var height = 1UL; height <= 12; height++)
        {
            var hashes = cluster.Nodes.Select(n => n.Chain.Store.GetBlock(height)!.Hash).Distinct().ToList();
            Assert.Single(hashes);

            // Members proposed in turn: the test engine's election, not any shipped engine's.
            var block = cluster.Nodes[0].Chain.Store.GetBlock(height)!;
            Assert.Equal(cluster.Keys[(int)((height + block.Header.Slot) % 4)].PublicKey, block.Header.ProducerKey);
        }

        Assert.All(cluster.Nodes, n => Assert.Equal(ModuleCluster.InitialBalance + 500, n.Chain.GetAccount(cluster.Users[1].Address).Balance));
        Assert.All(cluster.Nodes, n => Assert.Equal(0, n.Refused));

        // Its running part answers its own route and its part of /v1/consensus, and certifies what it committed.
        var node = cluster.Nodes[1].EngineNode!;
        var turn = node.Routes[RoundRobinModule.TurnRoute.Path](EngineQuery.Empty);
        Assert.Equal(200, turn.Status);
        Assert.NotNull(node.Status());
        Assert.NotNull(node.GetCommitted(5));
        Assert.Equal(cluster.Nodes[1].Chain.Head.Height, node.FinalizedHeight);
    }

    [Fact]
    public void Modules_may_not_claim_the_same_name_route_or_devnet_option()
    {
        var registry = new EngineRegistry().Register(new RoundRobinModule());
        Assert.Contains("already registered", Assert.Throws<ArgumentException>(() => registry.Register(new RoundRobinModule())).Message, StringComparison.Ordinal);
        Assert.Throws<UnknownEngineException>(() => registry.Get("proof-of-luck"));

        var shipped = new EngineRegistry().Register(new PoegModule());
        var clash = Assert.Throws<ArgumentException>(() => shipped.Register(new RenamedModule(new PoegModule(), "poeg-2")));
        Assert.Contains("/v1/coalitions", clash.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("single")]
    [InlineData("pos")]
    [InlineData("poeg")]
    [InlineData("posoc")]
    [InlineData("pow")]
    public void Every_shipped_module_declares_each_genesis_parameter_its_engine_reads(string name)
    {
        var module = Shipped().Get(name);
        IReadOnlyList<string> read = name switch
        {
            "single" => [DesignatedProducer.ProducerField],
            "pos" => PosParameters.FieldNames,
            "poeg" => PoegParameters.FieldNames,
            "posoc" => PosocParameters.FieldNames,
            _ => PowParameters.FieldNames,
        };
        Assert.Equal(read.Order(StringComparer.Ordinal), module.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(module.Parameters, p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
    }

    private static EngineRegistry Shipped() => new EngineRegistry()
        .Register(new SingleModule()).Register(new PosModule()).Register(new PoegModule()).Register(new PosocModule()).Register(new PowModule());

    /// <summary>A shipped module under another name (to provoke clashes of everything but the name).</summary>
    private sealed class RenamedModule(IEngineModule inner, string name) : IEngineModule
    {
        public string Name => name;

        public string Summary => inner.Summary;

        public IReadOnlyList<EngineParameterInfo> Parameters => inner.Parameters;

        public bool RevertsBlocks => inner.RevertsBlocks;

        public IReadOnlyList<EngineRoute> Routes => inner.Routes;

        public EngineDevnet Devnet => inner.Devnet;

        public IConsensusEngine CreateEngine(Core.Genesis.GenesisDocument genesis) => inner.CreateEngine(genesis);

        public IEngineNode CreateNode(IConsensusEngine engine, EngineNodeContext context) => inner.CreateNode(engine, context);
    }
}
