using EnergyChain.P2P.Tests.Support;

namespace EnergyChain.P2P.Tests.Network;

public sealed class PeerNetworkTests
{
    [Fact]
    public async Task Nodes_in_a_line_relay_transactions_and_blocks_to_the_far_end()
    {
        var members = new TestMembers(3);
        await using var a = await TestNode.StartAsync(members, 0);
        await using var b = await TestNode.StartAsync(members, 1, [a.Address]);
        await using var c = await TestNode.StartAsync(members, 2, [b.Address], o => o with { MaxOutbound = 1 });
        await Eventually.TrueAsync(() => b.Network.Peers.Count == 2, "b connected to a and c");

        var tx = c.Transfer(0);
        Assert.True(c.Pool.Add(tx).Accepted);
        await Eventually.TrueAsync(() => a.Pool.Contains(tx.Hash), "the transaction reached the producer");

        var block = a.Produce();
        Assert.Contains(block.Transactions, t => t.Hash == tx.Hash);
        await Eventually.TrueAsync(() => c.Chain.Head.Hash == block.Hash, "the block reached c");
        Assert.Equal(a.Chain.StateRoot, c.Chain.StateRoot);
        Assert.False(c.Pool.Contains(tx.Hash));
    }
}
