using System.Collections.Concurrent;
using System.Net;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Storage;
using EnergyChain.P2P.Framing;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Messages.Proto;
using EnergyChain.P2P.Tests.Support;
using Google.Protobuf;

namespace EnergyChain.P2P.Tests.Network;

/// <summary>
/// A hostile client on 127.0.0.2 against a real in-process node: garbage before the handshake bans its IP,
/// misbehaviour after a member handshake bans its key, and the honest peers on 127.0.0.1 keep working.
/// </summary>
public sealed class HostilePeerTests
{
    private static readonly IPAddress HostileAddress = HostileClient.DefaultSource;

    // ---- Before the handshake: the IP pays ----

    public static TheoryData<string, byte[], bool> PreHandshakeGarbage() => new()
    {
        { "wrong magic", [.. HostileClient.FrameHeader(100, (byte)'X', (byte)'Y'), .. new byte[100]], false },
        { "HTTP instead of a handshake", "GET / HTTP/1.1\r\nHost: node\r\n\r\n"u8.ToArray(), false },
        { "a frame header over the handshake maximum", [.. HostileClient.FrameHeader(PeerHandshake.MaxHandshakeFrameSize + 1), .. new byte[64]], false },
        { "a frame header claiming 4 GiB", HostileClient.FrameHeader(uint.MaxValue), false },
        { "a truncated frame, then close", [.. HostileClient.FrameHeader(200), .. new byte[50]], true },
        { "a truncated header, then close", [FrameCodec.Magic0, FrameCodec.Magic1, FrameCodec.Version], true },
    };

    [Theory]
    [MemberData(nameof(PreHandshakeGarbage))]
    public async Task Garbage_before_the_handshake_bans_the_address(string what, byte[] garbage, bool thenClose)
    {
        await using var net = await HostileNetwork.StartAsync();
        var link = net.HonestLink;
        await using (var hostile = await HostileClient.ConnectAsync(net.Target))
        {
            Assert.True(await hostile.WriteAsync(garbage), what);
            if (thenClose)
            {
                hostile.ShutdownSend();
            }

            Assert.True(await hostile.WaitClosedAsync() is not null, $"the node kept the connection open after {what}");
        }

        await Eventually.TrueAsync(() => net.Producer.Network.AddressScores.IsBanned(HostileAddress), $"127.0.0.2 banned for {what}");
        await AssertAddressTurnedAwayAsync(net);
        await net.AssertHonestPeersWorkAsync(link);
    }

    // ---- After a member handshake: the key pays ----

    public static TheoryData<string, byte[], bool> PostHandshakeGarbage()
    {
        var random = new Random(7);
        var noise = new byte[64 * 1024];
        random.NextBytes(noise);
        noise[0] = 0; // not 'E': the first header is garbage for sure
        var forged = new byte[200];
        random.NextBytes(forged);
        return new()
        {
            { "raw random bytes", noise, false },
            { "a frame with wrong magic", [.. HostileClient.FrameHeader(100, (byte)'E', (byte)'D'), .. new byte[100]], false },
            { "a frame with an unknown version", [FrameCodec.Magic0, FrameCodec.Magic1, 2, 0, 0, 0, 0, 4, 1, 2, 3, 4], false },
            { "a frame over the maximum size", [.. HostileClient.FrameHeader(FrameCodec.DefaultMaxFrameSize + 1), .. new byte[1024]], false },
            { "a frame that fails authentication", [.. HostileClient.FrameHeader((uint)forged.Length), .. forged], false },
            { "a truncated frame, then close", [.. HostileClient.FrameHeader(500), .. new byte[100]], true },
        };
    }

    [Theory]
    [MemberData(nameof(PostHandshakeGarbage))]
    public async Task Garbage_after_the_handshake_bans_the_key(string what, byte[] garbage, bool thenClose)
    {
        await using var net = await HostileNetwork.StartAsync();
        var link = net.HonestLink;
        var key = net.Members.Keys[2];
        await using (var hostile = await net.ConnectMemberAsync(key))
        {
            await hostile.WriteAsync(garbage);
            if (thenClose)
            {
                hostile.ShutdownSend();
            }

            Assert.True(await hostile.WaitClosedAsync() is not null, $"the node kept the connection open after {what}");
        }

        await AssertKeyBannedAsync(net, key, what);
        await net.AssertHonestPeersWorkAsync(link);
    }

    public static TheoryData<string, uint, byte[]> BadEnvelopes() => new()
    {
        { "an unknown channel", 0x7F, [1, 2, 3] },
        { "channel 0 (an empty envelope)", 0, [] },
        { "a channel beyond a byte", 0x120, [1] },
        { "garbage on the control channel", (uint)ChannelId.Control, [0xFF, 0xFF] },
        { "garbage on the tx gossip channel", (uint)ChannelId.TxGossip, [0xFF, 0xFF] },
        { "an empty announce", (uint)ChannelId.TxGossip, ReactorCodec.EncodeTxAnnounce([]) },
        { "an empty block gossip", (uint)ChannelId.BlockPropagation, ReactorCodec.EncodeBlockGossip([]) },
        { "a range request from height 0", (uint)ChannelId.BlockSync, ReactorCodec.EncodeRangeRequest(0, 10) },
        { "listen port 0", (uint)ChannelId.PeerExchange, new PeerExchange { ListenPort = 0 }.ToByteArray() },
        { "consensus category 0", (uint)ChannelId.Consensus, new ConsensusMessage { Category = 0, Payload = ByteString.CopyFrom(1) }.ToByteArray() },
        { "an unknown field in a consensus message", (uint)ChannelId.Consensus, [.. ReactorCodec.EncodeConsensus(1, [1]), 0x78, 0x01] },
    };

    [Theory]
    [MemberData(nameof(BadEnvelopes))]
    public async Task Repeated_undecodable_messages_add_up_to_a_ban(string what, uint channel, byte[] payload)
    {
        await using var net = await HostileNetwork.StartAsync();
        var link = net.HonestLink;
        var key = net.Members.Keys[2];
        var scores = net.Producer.Network.Scores;
        var penalty = scores.Options.InvalidMessagePenalty;
        var toBan = (scores.Options.BanThreshold + penalty - 1) / penalty;
        Assert.True(toBan > 1, "the test needs a penalty below the threshold");
        await using var hostile = await net.ConnectMemberAsync(key);

        // One short of the ban: each message costs the penalty, the connection stays up.
        for (var i = 0; i < toBan - 1; i++)
        {
            Assert.True(await hostile.SendEnvelopeAsync(channel, payload));
        }

        await Eventually.TrueAsync(() => scores.ScoreOf(key.PublicKey) == (toBan - 1) * penalty, $"{what} was penalized {toBan - 1} times");
        Assert.False(scores.IsBanned(key.PublicKey));
        Assert.True(net.Producer.Network.IsConnected(key.PublicKey), "one invalid message must not disconnect");
        Assert.False(hostile.IsClosedByNode);

        // The last one bans and disconnects.
        await hostile.SendEnvelopeAsync(channel, payload);
        Assert.True(await hostile.WaitClosedAsync() is not null, $"the node kept a banned peer connected after {what}");
        await AssertKeyBannedAsync(net, key, what);
        Assert.False(net.Producer.Network.AddressScores.IsBanned(HostileAddress), "a member's misbehaviour bans its key, not its address");
        await net.AssertHonestPeersWorkAsync(link);
    }

    [Fact]
    public async Task A_flood_of_valid_tx_announces_is_rate_limited_into_a_ban()
    {
        await using var net = await HostileNetwork.StartAsync();
        var link = net.HonestLink;
        var key = net.Members.Keys[2];
        await using var hostile = await net.ConnectMemberAsync(key);

        // Valid, authenticated announces of one hash, 1000 frames per write, far above the channel's rate.
        var envelope = MessageCodec.EncodeEnvelope(ChannelId.TxGossip, ReactorCodec.EncodeTxAnnounce([Hash256.Compute("flood"u8)]));
        var sent = 0;
        for (var batch = 0; batch < 200 && !hostile.IsClosedByNode; batch++)
        {
            using var buffer = new MemoryStream();
            for (var i = 0; i < 1000; i++)
            {
                buffer.Write(hostile.SealFrame(envelope));
            }

            if (!await hostile.WriteAsync(buffer.ToArray()))
            {
                break;
            }

            sent += 1000;
        }

        Assert.True(await hostile.WaitClosedAsync() is not null, $"the node kept a flooding peer connected after {sent} announces");
        await AssertKeyBannedAsync(net, key, "a flood of announces");
        await net.AssertHonestPeersWorkAsync(link);
    }

    // Found by this test: the control channel had no rate limit, so a ping flood only ended through send-queue
    // overflow (the pongs piled up), with no penalty. PeerConnectionOptions.ControlRate fixes it.
    [Fact]
    public async Task A_flood_of_pings_is_rate_limited_into_a_ban()
    {
        await using var net = await HostileNetwork.StartAsync();
        var link = net.HonestLink;
        var key = net.Members.Keys[2];
        await using var hostile = await net.ConnectMemberAsync(key);
        var sent = 0;
        for (var batch = 0; batch < 200 && !hostile.IsClosedByNode; batch++)
        {
            using var buffer = new MemoryStream();
            for (var i = 0; i < 1000; i++)
            {
                buffer.Write(hostile.SealFrame(MessageCodec.EncodeEnvelope(ChannelId.Control, ReactorCodec.EncodePing((ulong)sent + (ulong)i))));
            }

            if (!await hostile.WriteAsync(buffer.ToArray()))
            {
                break;
            }

            sent += 1000;
        }

        Assert.True(await hostile.WaitClosedAsync() is not null, $"the node kept a peer connected after {sent} pings (score {net.Producer.Network.Scores.ScoreOf(key.PublicKey)})");
        await AssertKeyBannedAsync(net, key, "a flood of pings");
        await net.AssertHonestPeersWorkAsync(link);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Invalid_blocks_cost_a_penalty_and_repeated_ones_ban(bool badSignature)
    {
        await using var net = await HostileNetwork.StartAsync();
        var link = net.HonestLink;
        var key = net.Members.Keys[2];
        var scores = net.Producer.Network.Scores;
        var penalty = scores.Options.InvalidBlockPenalty;
        var toBan = (scores.Options.BanThreshold + penalty - 1) / penalty;
        Assert.True(toBan > 1, "the test needs a penalty below the threshold");

        // Height 1 on the same genesis, so the block links to the producer's head and is fully checked.
        var chain = Blockchain.Open(new InMemoryBlockStore(), net.Members.Genesis, new SignatureVerifier(CryptoBackends.Default));
        Block block;
        if (badSignature)
        {
            // Claims the real producer but the signature does not verify.
            var signed = chain.Executor.BuildBlock(chain, [], net.Members.Keys[0], chain.Head.Timestamp + 1000).Block;
            var signature = signed.Header.Signature.ToArray();
            signature[7] ^= 0x01;
            block = new Block(signed.Header with { Signature = signature }, signed.Transactions);
        }
        else
        {
            // Properly signed by a member that is not the producer.
            block = chain.Executor.BuildBlock(chain, [], key, chain.Head.Timestamp + 1000).Block;
        }

        var gossip = ReactorCodec.EncodeBlockGossip(block.Encode());
        await using var hostile = await net.ConnectMemberAsync(key);
        for (var i = 0; i < toBan - 1; i++)
        {
            Assert.True(await hostile.SendEnvelopeAsync((uint)ChannelId.BlockPropagation, gossip));
        }

        await Eventually.TrueAsync(() => scores.ScoreOf(key.PublicKey) == (toBan - 1) * penalty, "the invalid block was penalized");
        Assert.False(scores.IsBanned(key.PublicKey));
        Assert.True(net.Producer.Network.IsConnected(key.PublicKey), "one invalid block must not disconnect");
        Assert.Equal(0UL, net.Producer.Chain.Head.Height);

        await hostile.SendEnvelopeAsync((uint)ChannelId.BlockPropagation, gossip);
        Assert.True(await hostile.WaitClosedAsync() is not null, "the node kept a peer sending invalid blocks connected");
        await AssertKeyBannedAsync(net, key, "invalid blocks");
        Assert.Equal(0UL, net.Producer.Chain.Head.Height);
        Assert.Equal(0UL, net.Follower.Chain.Head.Height);
        await net.AssertHonestPeersWorkAsync(link);
    }

    // ---- Refused at the handshake ----

    [Theory]
    [InlineData("a key that is not a member")]
    [InlineData("a wrong chain id")]
    [InlineData("a wrong genesis hash")]
    public async Task Handshakes_that_must_fail_never_make_a_peer(string what)
    {
        await using var net = await HostileNetwork.StartAsync();
        var link = net.HonestLink;
        var key = what == "a key that is not a member" ? PrivateKey.FromSeed("hostile/outsider") : net.Members.Keys[2];
        var options = what switch
        {
            "a wrong chain id" => HostileClient.Options(net.Members, key, chainId: "energychain-elsewhere"),
            "a wrong genesis hash" => HostileClient.Options(net.Members, key, genesisHash: Hash256.Compute("another genesis"u8)),
            _ => HostileClient.Options(net.Members, key),
        };
        var admitted = new ConcurrentBag<PublicKey>();
        net.Producer.Network.PeerConnected += peer => admitted.Add(peer.Key);

        // Each refusal costs the address a failed-handshake penalty (an honest node may be misconfigured, so one
        // is not a ban); enough of them ban it.
        var addressScores = net.Producer.Network.AddressScores;
        var penalty = addressScores.Options.FailedHandshakePenalty;
        var toBan = (addressScores.Options.BanThreshold + penalty - 1) / penalty;
        for (var i = 0; i < toBan; i++)
        {
            await using var hostile = await HostileClient.ConnectAsync(net.Target);
            await Assert.ThrowsAsync<HandshakeException>(() => hostile.HandshakeAsync(options));
            Assert.True(await hostile.WaitClosedAsync() is not null, $"the node kept a connection with {what} open");
            Assert.False(net.Producer.Network.IsConnected(key.PublicKey));
            if (i == 0)
            {
                await Eventually.TrueAsync(() => addressScores.ScoreOf(HostileAddress) == penalty, "the refused handshake was scored");
                Assert.False(addressScores.IsBanned(HostileAddress), "one failed handshake must not ban");
            }
        }

        await Eventually.TrueAsync(() => addressScores.IsBanned(HostileAddress), $"127.0.0.2 banned after {toBan} handshakes with {what}");
        Assert.DoesNotContain(key.PublicKey, admitted);
        Assert.DoesNotContain(net.Producer.Network.Peers, p => p.Key.Equals(key.PublicKey));
        Assert.DoesNotContain(net.Follower.Network.Peers, p => p.Key.Equals(key.PublicKey));
        Assert.False(net.Producer.Network.Scores.IsBanned(key.PublicKey), "an unauthenticated claim must not ban the key it names");
        await AssertAddressTurnedAwayAsync(net);
        await net.AssertHonestPeersWorkAsync(link);
    }

    /// <summary>The banned key is gone, cannot handshake back in (refused as banned) and never reappears.</summary>
    private static async Task AssertKeyBannedAsync(HostileNetwork net, PrivateKey key, string what)
    {
        await Eventually.TrueAsync(() => net.Producer.Network.Scores.IsBanned(key.PublicKey), $"the key was banned for {what}");
        await Eventually.TrueAsync(() => !net.Producer.Network.IsConnected(key.PublicKey), $"the peer was dropped for {what}");
        await using var again = await HostileClient.ConnectAsync(net.Target);
        await Assert.ThrowsAsync<HandshakeException>(() => again.HandshakeAsync(HostileClient.Options(net.Members, key)));
        Assert.True(await again.WaitClosedAsync() is not null, "the node kept a banned key's new connection open");
        Assert.False(net.Producer.Network.IsConnected(key.PublicKey));
    }

    /// <summary>A banned address is closed at accept, before the node even sends its Hello.</summary>
    private static async Task AssertAddressTurnedAwayAsync(HostileNetwork net)
    {
        await using var again = await HostileClient.ConnectAsync(net.Target);
        Assert.Equal(0L, await again.WaitClosedAsync());
    }
}
