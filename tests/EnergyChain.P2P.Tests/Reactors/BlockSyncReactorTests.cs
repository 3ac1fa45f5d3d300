using System.Net;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Network;
using EnergyChain.P2P.Reactors;
using EnergyChain.P2P.Tests.Support;

namespace EnergyChain.P2P.Tests.Reactors;

public sealed class BlockSyncReactorTests
{
    [Fact]
    public async Task A_peer_that_claims_a_far_head_but_serves_nothing_cannot_stall_the_node()
    {
        var members = new TestMembers(3);
        var sync = new BlockSyncOptions { Tick = TimeSpan.FromMilliseconds(20), RequestTimeout = TimeSpan.FromMilliseconds(500) };
        await using var producer = await TestNode.StartAsync(members, 0);
        await using var node = await TestNode.StartAsync(members, 1, [producer.Address], syncOptions: sync);
        await using var liar = await StartLiarAsync(members, 2, node.Address);
        await Eventually.TrueAsync(() => node.Network.Peers.Count == 2, "node connected to the producer and the liar");
        await Eventually.TrueAsync(() => node.Sync.BestPeerHeight >= 1_000_000, "the liar's claim arrived");

        // After its requests time out the claim is ignored, so the node is no longer "behind"...
        await Eventually.TrueAsync(() => !node.Sync.IsSyncing, "the unserved claim was dropped");

        // ...and it keeps following (and relaying) the producer's blocks.
        var block = producer.Produce([producer.Transfer(0)]);
        await Eventually.TrueAsync(() => node.Chain.Head.Hash == block.Hash, "the node committed the new block");
    }

    [Fact]
    public async Task Range_requests_are_answered_with_consecutive_blocks_up_to_the_head()
    {
        var members = new TestMembers(2);
        await using var source = await TestNode.StartAsync(members, 0);
        for (var i = 0; i < 10; i++)
        {
            source.Produce([source.Transfer(i % 4)]);
        }

        var answers = new List<BlockSyncMessage>();
        await using var client = await StartRecorderAsync(members, 1, source.Address, answers);
        await Eventually.TrueAsync(() => client.Peers.Count == 1, "connected");
        await client.Peers[0].SendAsync(ChannelId.BlockSync, ReactorCodec.EncodeRangeRequest(8, 5));
        await Eventually.TrueAsync(() => { lock (answers) { return answers.Any(a => a.Kind == BlockSyncKind.Response); } }, "an answer");

        BlockSyncMessage response;
        lock (answers)
        {
            response = answers.First(a => a.Kind == BlockSyncKind.Response);
        }

        Assert.Equal(8UL, response.Height);
        Assert.Equal(3, response.Blocks.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(source.Chain.Store.GetBlock(8 + (ulong)i)!.Hash, ChainPort.TryDecode(response.Blocks[i].Span, out _)!.Hash);
        }
    }

    private static async Task<PeerNetwork> StartLiarAsync(TestMembers members, int index, PeerAddress target)
    {
        var network = new PeerNetwork(Options(members, index, target));
        network.AddReactor(new LyingSyncReactor());
        await network.StartAsync();
        return network;
    }

    private static async Task<PeerNetwork> StartRecorderAsync(TestMembers members, int index, PeerAddress target, List<BlockSyncMessage> answers)
    {
        var network = new PeerNetwork(Options(members, index, target));
        network.AddReactor(new RecordingSyncReactor(answers));
        await network.StartAsync();
        return network;
    }

    private static PeerNetworkOptions Options(TestMembers members, int index, PeerAddress target) => new()
    {
        Handshake = new HandshakeOptions
        {
            NodeKey = members.Keys[index],
            ChainId = members.Genesis.ChainId,
            GenesisHash = members.Genesis.Hash,
            Membership = StaticMembership.FromGenesis(members.Genesis),
        },
        Listen = new IPEndPoint(IPAddress.Loopback, 0),
        BootstrapPeers = [target],
        DialInterval = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>Says it is at height 1,000,000 every few milliseconds and ignores every request.</summary>
    private sealed class LyingSyncReactor : Reactor
    {
        public override ChannelId Channel => ChannelId.BlockSync;

        public override void AddPeer(Peer peer) =>
            _ = Task.Run(async () =>
            {
                while (!peer.Connection.IsClosed)
                {
                    await peer.SendAsync(Channel, ReactorCodec.EncodeSyncStatus(1_000_000, Hash256.Compute("fake head"u8)));
                    await Task.Delay(50);
                }
            });

        public override ValueTask ReceiveAsync(Peer peer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class RecordingSyncReactor(List<BlockSyncMessage> answers) : Reactor
    {
        public override ChannelId Channel => ChannelId.BlockSync;

        public override ValueTask ReceiveAsync(Peer peer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        {
            var message = ReactorCodec.DecodeBlockSync(payload.Span);
            lock (answers)
            {
                answers.Add(message);
            }

            return ValueTask.CompletedTask;
        }
    }
}
