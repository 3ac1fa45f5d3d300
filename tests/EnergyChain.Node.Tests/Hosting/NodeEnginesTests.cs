using EnergyChain.Core.Storage;
using EnergyChain.Node.Hosting;

namespace EnergyChain.Node.Tests.Hosting;

public sealed class NodeEnginesTests
{
    [Fact]
    public void Only_pow_whose_fork_choice_reverts_blocks_keeps_undo_data()
    {
        Assert.Equal(BlockStoreOptions.DefaultUndoDepth, NodeEngines.StoreOptions("pow").UndoDepth);
        foreach (var final in new[] { "pos", "poeg", "posoc", "single" })
        {
            Assert.Equal(0UL, NodeEngines.StoreOptions(final).UndoDepth);
        }
    }

    [Fact]
    public void Every_shipped_engine_is_registered_and_unknown_ones_are_setup_errors()
    {
        Assert.Equal(["poeg", "pos", "posoc", "pow", "single"], NodeEngines.Names);
        foreach (var engine in NodeEngines.Names)
        {
            Assert.Equal(engine, NodeEngines.Validate(engine));
        }

        var e = Assert.Throws<NodeSetupException>(() => NodeEngines.Validate("proof-of-luck"));
        Assert.Contains("not available", e.Message, StringComparison.Ordinal);
        Assert.Contains("poeg, pos, posoc, pow, single", e.Message, StringComparison.Ordinal);
    }
}
