using EnergyChain.P2P.Tests.Support;

namespace EnergyChain.P2P.Tests.Network;

public sealed class PeerNetworkBehaviourTests
{
    [Fact]
    public async Task A_node_that_joins_late_catches_up_through_block_sync_from_several_peers()
    {
        var members = new TestMembers(4);
        await using var producer = await TestNode.StartAsync(members, 0);
        await using var b = await TestNode.StartAsync(members, 1, [producer.Address]);
        await using var c = await TestNode.StartAsync(members, 2, [producer.Address]);
        for (var i = 0; i < 300; i++)
        {
            producer.Produce([producer.Transfer(i % 4)]);
        }

        await Eventually.TrueAsync(() => b.Chain.Head.Height == 300 && c.Chain.Head.Height == 300, "b and c followed the producer");

        await using var late = await TestNode.StartAsync(members, 3, [b.Address, c.Address]);
        await Eventually.TrueAsync(() => late.Chain.Head.Height == 300, "the late node caught up");
        Assert.Equal(producer.Chain.Head.Hash, late.Chain.Head.Hash);
        Assert.Equal(producer.Chain.StateRoot, late.Chain.StateRoot);
        Assert.True(late.Sync.BlocksSynced > 0);
    }

    [Fact]
    public async Task Peer_exchange_lets_a_node_find_peers_it_was_not_told_about()
    {
        var members = new TestMembers(3);
        await using var a = await TestNode.StartAsync(members, 0);
        await using var b = await TestNode.StartAsync(members, 1, [a.Address]);
        await Eventually.TrueAsync(() => a.Network.Peers.Count == 1, "a and b connected");

        // c only knows a; it learns b's listen address from a and dials it.
        await using var c = await TestNode.StartAsync(members, 2, [a.Address]);
        await Eventually.TrueAsync(() => c.Network.IsConnected(b.Key.PublicKey), "c connected to b through peer exchange");
    }

    [Fact]
    public async Task Consensus_messages_reach_the_handler_of_their_category_and_unhandled_ones_cost_score()
    {
        var members = new TestMembers(2);
        await using var a = await TestNode.StartAsync(members, 0);
        await using var b = await TestNode.StartAsync(members, 1, [a.Address]);
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Consensus.Handle(EnergyChain.P2P.Reactors.ConsensusCategory.Vote, (peer, payload, _) =>
        {
            Assert.Equal(b.Key.PublicKey, peer.Key);
            received.TrySetResult(payload.ToArray());
            return ValueTask.CompletedTask;
        });
        await Eventually.TrueAsync(() => a.Network.Peers.Count == 1 && b.Network.Peers.Count == 1, "connected");

        b.Consensus.Broadcast(EnergyChain.P2P.Reactors.ConsensusCategory.Vote, [1, 2, 3]);
        Assert.Equal([1, 2, 3], await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        b.Consensus.Broadcast(EnergyChain.P2P.Reactors.ConsensusCategory.ModelUpdate, [9]);
        await Eventually.TrueAsync(() => a.Network.Scores.ScoreOf(b.Key.PublicKey) > 0, "an unhandled category was penalized");
    }

    [Fact]
    public async Task The_inbound_limit_refuses_connections_beyond_it()
    {
        var members = new TestMembers(3);
        await using var a = await TestNode.StartAsync(members, 0, configure: o => o with { MaxInbound = 1 });
        await using var b = await TestNode.StartAsync(members, 1, [a.Address]);
        await Eventually.TrueAsync(() => a.Network.InboundCount == 1, "b connected");
        await using var c = await TestNode.StartAsync(members, 2, [a.Address], o => o with { ReconnectMinDelay = TimeSpan.FromSeconds(5) });
        await Task.Delay(500);
        Assert.Equal(1, a.Network.InboundCount);
        Assert.False(a.Network.IsConnected(c.Key.PublicKey));
    }

    [Fact]
    public async Task Simultaneous_dials_settle_on_one_connection_at_both_ends()
    {
        var members = new TestMembers(2);
        await using var a = await TestNode.StartAsync(members, 0);
        await using var b = await TestNode.StartAsync(members, 1);
        var dials = await Task.WhenAll(a.Network.DialAsync(b.Address), b.Network.DialAsync(a.Address));
        await Eventually.TrueAsync(() => a.Network.Peers.Count == 1 && b.Network.Peers.Count == 1, "one peer each");
        await Task.Delay(300);
        Assert.Single(a.Network.Peers);
        Assert.Single(b.Network.Peers);
        Assert.NotEqual(a.Network.Peers[0].IsOutbound, b.Network.Peers[0].IsOutbound);
        // Each dial reports the member it reached, whichever of the racing connections (these two or the dial
        // loop's) ended up kept.
        Assert.Equal(b.Key.PublicKey, dials[0]?.Key);
        Assert.Equal(a.Key.PublicKey, dials[1]?.Key);
    }

    [Fact]
    public async Task A_bootstrap_peer_that_restarts_is_redialed()
    {
        var members = new TestMembers(2);
        var b = await TestNode.StartAsync(members, 1);
        var port = b.Address.Port;
        await using var a = await TestNode.StartAsync(members, 0, [b.Address]);
        await Eventually.TrueAsync(() => a.Network.Peers.Count == 1, "connected");
        await b.DisposeAsync();
        await Eventually.TrueAsync(() => a.Network.Peers.Count == 0, "a noticed b left");

        await using var restarted = await TestNode.StartAsync(members, 1, port: port);
        await Eventually.TrueAsync(() => a.Network.IsConnected(restarted.Key.PublicKey), "a redialed b");
    }

    [Fact]
    public async Task A_block_from_a_member_that_is_not_the_producer_is_refused_and_penalized()
    {
        var members = new TestMembers(2);
        await using var a = await TestNode.StartAsync(members, 0);
        await using var b = await TestNode.StartAsync(members, 1, [a.Address]);
        await Eventually.TrueAsync(() => a.Network.Peers.Count == 1, "connected");

        // b signs a block as producer; a's authority rule says only node 0 produces.
        var forged = b.Chain.Executor.BuildBlock(b.Chain, [], b.Key, b.Chain.Head.Timestamp + 1000).Block;
        var peer = b.Network.Peers[0];
        await peer.SendAsync(EnergyChain.P2P.Messages.ChannelId.BlockPropagation, EnergyChain.P2P.Messages.ReactorCodec.EncodeBlockGossip(forged.Encode()));
        await Eventually.TrueAsync(() => a.Network.Scores.ScoreOf(b.Key.PublicKey) > 0, "the forger was penalized");
        Assert.Equal(0UL, a.Chain.Head.Height);
    }
}
