using System.Net;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Peers;

namespace EnergyChain.P2P.Tests.Support;

/// <summary>
/// Two honest nodes on 127.0.0.1 (the producer, node 0, and a follower, node 1, that dialed it) for a hostile
/// client to attack; the other member keys of <see cref="Members"/> are the hostile members' keys. Checks
/// afterwards that the honest link is still up and working.
/// </summary>
public sealed class HostileNetwork : IAsyncDisposable
{
    private HostileNetwork(TestMembers members, TestNode producer, TestNode follower)
    {
        Members = members;
        Producer = producer;
        Follower = follower;
    }

    public TestMembers Members { get; }

    /// <summary>Node 0: the target of the attacks, and the only node whose blocks are accepted.</summary>
    public TestNode Producer { get; }

    public TestNode Follower { get; }

    /// <summary>Where the hostile client connects: the producer's listener on 127.0.0.1.</summary>
    public IPEndPoint Target => Producer.Network.ListenEndPoint!;

    /// <summary>The follower's side of the honest link (for pings).</summary>
    public PeerConnection HonestLink => Follower.Network.Peers.Single(p => p.Key.Equals(Producer.Key.PublicKey)).Connection;

    public static async Task<HostileNetwork> StartAsync(int members = 3)
    {
        var testMembers = new TestMembers(members, "hostile");
        var producer = await TestNode.StartAsync(testMembers, 0);
        try
        {
            var follower = await TestNode.StartAsync(testMembers, 1, [producer.Address]);
            var network = new HostileNetwork(testMembers, producer, follower);
            await Eventually.TrueAsync(
                () => producer.Network.IsConnected(follower.Key.PublicKey) && follower.Network.IsConnected(producer.Key.PublicKey),
                "the honest nodes connected");
            return network;
        }
        catch
        {
            await producer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Connects from 127.0.0.2 as member <paramref name="key"/>, handshakes and waits until the producer lists it.</summary>
    public Task<HostileClient> ConnectMemberAsync(PrivateKey key) => HostileClient.ConnectMemberAsync(Producer, Members, key);

    /// <summary>
    /// The honest nodes are still connected (the same link as before the attack when given) and working: a ping
    /// round trip, a transaction gossiped from the follower to the producer and a block propagated back.
    /// </summary>
    public async Task AssertHonestPeersWorkAsync(PeerConnection? linkBefore = null)
    {
        Assert.True(Producer.Network.IsConnected(Follower.Key.PublicKey), "the producer dropped the honest follower");
        Assert.True(Follower.Network.IsConnected(Producer.Key.PublicKey), "the follower dropped the honest producer");
        var link = HonestLink;
        if (linkBefore is not null)
        {
            Assert.Same(linkBefore, link);
        }

        Assert.False(Producer.Network.Scores.IsBanned(Follower.Key.PublicKey));
        Assert.False(Producer.Network.AddressScores.IsBanned(IPAddress.Loopback));
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await link.PingAsync(timeout.Token);
        }

        var tx = Follower.Transfer(0);
        Assert.True(Follower.Pool.Add(tx).Accepted);
        await Eventually.TrueAsync(() => Producer.Pool.Contains(tx.Hash), "a transaction gossiped from the follower to the producer");
        var block = Producer.Produce();
        Assert.Contains(block.Transactions, t => t.Hash == tx.Hash);
        await Eventually.TrueAsync(() => Follower.Chain.Head.Hash == block.Hash, "a block propagated from the producer to the follower");
    }

    public async ValueTask DisposeAsync()
    {
        await Follower.DisposeAsync();
        await Producer.DisposeAsync();
    }
}
