using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Reactors;
using EnergyChain.P2P.Tests.Support;

namespace EnergyChain.P2P.Tests.Reactors;

/// <summary>
/// Transaction gossip against a real in-process node, with a member played by a <see cref="HostileClient"/> (127.0.0.2)
/// so that the test decides exactly what arrives on the connection and in which order.
/// </summary>
public sealed class TxGossipReactorTests
{
    private const uint Category = ConsensusCategory.Vote;

    [Fact]
    public async Task Bodies_waiting_for_admission_do_not_hold_up_the_peers_other_messages()
    {
        var members = new TestMembers(3, "gossip-admission");
        GatedPool? gate = null;
        await using var node = await TestNode.StartAsync(members, 0, wrapPool: inner => gate = new GatedPool(inner));
        var consensus = 0;
        node.Consensus.Handle(Category, (_, _, _) =>
        {
            Interlocked.Increment(ref consensus);
            return ValueTask.CompletedTask;
        });
        await using var member = await HostileClient.ConnectMemberAsync(node, members, members.Keys[1]);

        // A body whose admission hangs in the pool, then a consensus message on the same connection.
        var tx = node.Transfer(0);
        Assert.True(await member.SendEnvelopeAsync((uint)ChannelId.TxGossip, ReactorCodec.EncodeTxBodies([tx.Encoded.ToArray()])));
        await Eventually.TrueAsync(() => gate!.Entered.IsSet, "the body reached the pool");
        Assert.True(await member.SendEnvelopeAsync((uint)ChannelId.Consensus, ReactorCodec.EncodeConsensus(Category, [1, 2, 3])));

        await Eventually.TrueAsync(() => Volatile.Read(ref consensus) == 1, "the consensus message handled while the body is still being admitted", TimeSpan.FromSeconds(10));
        Assert.False(node.Pool.Contains(tx.Hash));

        gate!.Open();
        await Eventually.TrueAsync(() => node.Pool.Contains(tx.Hash), "the body admitted once the pool answers");
    }

    [Fact]
    public async Task Gossiped_bodies_reach_the_pool_and_a_forged_one_costs_the_sender()
    {
        var members = new TestMembers(3, "gossip-forged");
        await using var node = await TestNode.StartAsync(members, 0);
        var sender = members.Keys[1];
        await using var member = await HostileClient.ConnectMemberAsync(node, members, sender);

        // 50 transfers of one user in one message, then a second message with a forged signature.
        var good = Enumerable.Range(0, 50).Select(_ => node.Transfer(0)).ToList();
        Assert.True(await member.SendEnvelopeAsync((uint)ChannelId.TxGossip, ReactorCodec.EncodeTxBodies([.. good.Select(t => new ReadOnlyMemory<byte>(t.Encoded.ToArray()))])));
        var forged = node.Transfer(1).Encoded.ToArray();
        forged[^1] ^= 0x01; // the signature is the encoding's tail
        Assert.True(await member.SendEnvelopeAsync((uint)ChannelId.TxGossip, ReactorCodec.EncodeTxBodies([forged])));

        await Eventually.TrueAsync(() => good.All(t => node.Pool.Contains(t.Hash)), "every good body admitted");
        await Eventually.TrueAsync(() => node.Network.Scores.ScoreOf(sender.PublicKey) > 0, "the forged body penalized its sender");
        Assert.Equal(good.Count, node.Pool.Count);
    }

    [Fact]
    public async Task A_peer_that_connects_later_hears_of_what_was_already_pending()
    {
        // A node started alone takes transactions into its pool before it has any peer (a household's first
        // submission right after its node starts): they must still reach the peers that connect afterwards.
        var members = new TestMembers(2, "gossip-late-peer");
        await using var alone = await TestNode.StartAsync(members, 0);
        var pending = Enumerable.Range(0, 3).Select(_ => alone.Transfer(0)).ToList();
        Assert.All(pending, t => Assert.True(alone.Pool.Add(t).Accepted));

        await using var late = await TestNode.StartAsync(members, 1, [alone.Address]);
        await Eventually.TrueAsync(() => pending.All(t => late.Pool.Contains(t.Hash)), "the late peer's pool holds what was pending before it connected");
        Assert.Equal(pending.Count, late.Pool.Count);
    }

    /// <summary>A pool whose first submission waits until <see cref="Open"/> (or 30 s, so a broken test cannot hang).</summary>
    private sealed class GatedPool(ITxPoolPort inner) : ITxPoolPort
    {
        private readonly ManualResetEventSlim _gate = new();

        public ManualResetEventSlim Entered { get; } = new();

        public event Action<Hash256>? TransactionAdded
        {
            add => inner.TransactionAdded += value;
            remove => inner.TransactionAdded -= value;
        }

        public void Open() => _gate.Set();

        public bool Contains(Hash256 hash) => inner.Contains(hash);

        public byte[]? GetEncoded(Hash256 hash) => inner.GetEncoded(hash);

        public IReadOnlyList<Hash256> PendingHashes() => inner.PendingHashes();

        public TxSubmitOutcome Submit(ReadOnlySpan<byte> encoded, out Hash256 hash)
        {
            Entered.Set();
            _gate.Wait(TimeSpan.FromSeconds(30));
            return inner.Submit(encoded, out hash);
        }
    }
}
