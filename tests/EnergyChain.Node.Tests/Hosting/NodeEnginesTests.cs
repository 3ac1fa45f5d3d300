using EnergyChain.Core.Storage;
using EnergyChain.Node.Hosting;

namespace EnergyChain.Node.Tests.Hosting;

public sealed class NodeEnginesTests
{
    [Fact]
    public void Only_pow_whose_fork_choice_reverts_blocks_keeps_undo_data()
    {
        Assert.Equal(BlockStoreOptions.DefaultUndoDepth, NodeEngines.StoreOptions(NodeEngines.Pow).UndoDepth);
        foreach (var final in new[] { NodeEngines.Pos, NodeEngines.Poeg, NodeEngines.Posoc, NodeEngines.Single })
        {
            Assert.Equal(0UL, NodeEngines.StoreOptions(final).UndoDepth);
        }
    }
}
