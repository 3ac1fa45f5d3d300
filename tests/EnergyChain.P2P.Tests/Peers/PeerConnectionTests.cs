using System.Threading.Channels;
using EnergyChain.P2P.Framing;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Messages.Proto;
using EnergyChain.P2P.Peers;
using EnergyChain.P2P.Scoring;
using EnergyChain.P2P.Session;
using EnergyChain.P2P.Tests.Support;
using Google.Protobuf;
using static EnergyChain.P2P.Tests.Support.TestNetwork;

namespace EnergyChain.P2P.Tests.Peers;

public sealed class PeerConnectionTests
{
    // A safety net against a hung test, not a speed assertion.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static readonly ChannelId[] Channels = [ChannelId.TxGossip, ChannelId.BlockPropagation, ChannelId.Consensus];

    [Fact]
    public async Task Messages_round_trip_on_several_channels_in_both_directions()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var connectA = PeerConnection.ConnectAsync(pair.Initiator, HandshakeRole.Initiator, Options(Alice));
        var connectB = PeerConnection.ConnectAsync(pair.Responder, HandshakeRole.Responder, Options(Bob));
        await using var a = await connectA;
        await using var b = await connectB;
        var inboxA = Inbox(a);
        var inboxB = Inbox(b);
        a.Start();
        b.Start();

        const int PerChannel = 50;
        foreach (var channel in Channels)
        {
            for (var n = 0; n < PerChannel; n++)
            {
                Assert.True(await a.SendAsync(channel, Payload("a", channel, n)));
                Assert.True(await b.SendAsync(channel, Payload("b", channel, n)));
            }
        }

        using var cts = new CancellationTokenSource(Patience);
        await ExpectAsync(inboxB, "a", PerChannel, cts.Token);
        await ExpectAsync(inboxA, "b", PerChannel, cts.Token);
        Assert.False(a.IsClosed);
        Assert.False(b.IsClosed);
        Assert.Equal(Bob.PublicKey, a.RemoteKey);
        Assert.Equal(Alice.PublicKey, b.RemoteKey);
    }

    [Fact]
    public async Task A_tampered_ciphertext_byte_closes_the_session()
    {
        var disconnect = await AttackAsync(async (stream, session) =>
        {
            var sealedPayload = session.Seal(MessageCodec.EncodeEnvelope(ChannelId.TxGossip, "tx"u8.ToArray()));
            sealedPayload[SecureSession.CounterSize] ^= 0x80;
            await FrameCodec.WriteFrameAsync(stream, sealedPayload, 1 << 20, CancellationToken.None);
        });
        Assert.Equal(DisconnectReason.SessionFailure, disconnect.Reason);
        Assert.Equal(SessionError.AuthenticationFailed, Assert.IsType<SessionException>(disconnect.Error).Error);
    }

    [Fact]
    public async Task A_replayed_frame_closes_the_session()
    {
        var disconnect = await AttackAsync(async (stream, session) =>
        {
            var frame = session.Seal(MessageCodec.EncodeEnvelope(ChannelId.TxGossip, "tx"u8.ToArray()));
            await FrameCodec.WriteFrameAsync(stream, frame, 1 << 20, CancellationToken.None);
            await FrameCodec.WriteFrameAsync(stream, frame, 1 << 20, CancellationToken.None);
        }, expectDelivered: 1);
        Assert.Equal(DisconnectReason.SessionFailure, disconnect.Reason);
        Assert.Equal(SessionError.Replayed, Assert.IsType<SessionException>(disconnect.Error).Error);
    }

    [Fact]
    public async Task Random_bytes_after_the_handshake_close_the_session()
    {
        var disconnect = await AttackAsync(async (stream, _) =>
        {
            var junk = new byte[256];
            new Random(99).NextBytes(junk);
            await stream.WriteAsync(junk);
        });
        Assert.Equal(DisconnectReason.InvalidFrame, disconnect.Reason);
        Assert.IsType<FrameException>(disconnect.Error);
    }

    [Fact]
    public async Task A_well_framed_forgery_after_the_handshake_closes_the_session()
    {
        var disconnect = await AttackAsync(async (stream, _) =>
        {
            var junk = new byte[100];
            new Random(7).NextBytes(junk);
            await FrameCodec.WriteFrameAsync(stream, junk, 1 << 20, CancellationToken.None);
        });
        Assert.Equal(DisconnectReason.SessionFailure, disconnect.Reason);
        Assert.IsType<SessionException>(disconnect.Error);
    }

    [Fact]
    public async Task An_oversize_frame_from_a_member_closes_the_connection()
    {
        var disconnect = await AttackAsync(async (stream, session) =>
        {
            var sealedPayload = session.Seal(MessageCodec.EncodeEnvelope(ChannelId.TxGossip, new byte[5000]));
            await FrameCodec.WriteFrameAsync(stream, sealedPayload, 1 << 20, CancellationToken.None);
        }, maxFrameSize: 4096);
        Assert.Equal(DisconnectReason.InvalidFrame, disconnect.Reason);
        Assert.Equal(FrameError.TooLarge, Assert.IsType<FrameException>(disconnect.Error).Error);
    }

    [Fact]
    public async Task Payloads_beyond_the_frame_limit_are_refused_locally()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var connectA = PeerConnection.ConnectAsync(
            pair.Initiator, HandshakeRole.Initiator, Options(Alice), new PeerConnectionOptions { MaxFrameSize = 4096 });
        var connectB = PeerConnection.ConnectAsync(
            pair.Responder, HandshakeRole.Responder, Options(Bob), new PeerConnectionOptions { MaxFrameSize = 4096 });
        await using var a = await connectA;
        await using var b = await connectB;
        var inbox = Inbox(b);
        a.Start();
        b.Start();
        await Assert.ThrowsAsync<ArgumentException>(async () => await a.SendAsync(ChannelId.TxGossip, new byte[a.MaxPayloadSize + 1]));

        // The largest allowed payload still fits the receiver's frame limit once enveloped and sealed.
        Assert.True(await a.SendAsync(ChannelId.TxGossip, new byte[a.MaxPayloadSize]));
        using var cts = new CancellationTokenSource(Patience);
        var (channel, payload) = await inbox.Reader.ReadAsync(cts.Token);
        Assert.Equal(ChannelId.TxGossip, channel);
        Assert.Equal(a.MaxPayloadSize, payload.Length);
    }

    [Fact]
    public async Task Invalid_messages_are_scored_and_the_peer_is_banned_at_the_threshold()
    {
        var book = new PeerScoreBook(new PeerScoreOptions { BanThreshold = 100, InvalidMessagePenalty = 20 });
        var disconnect = await AttackAsync(async (stream, session) =>
        {
            var unknownChannel = new Envelope { Channel = 0x99, Payload = ByteString.CopyFromUtf8("?") }.ToByteArray();
            for (var n = 0; n < 5; n++)
            {
                await FrameCodec.WriteFrameAsync(stream, session.Seal(unknownChannel), 1 << 20, CancellationToken.None);
            }
        }, book: book);
        Assert.Equal(DisconnectReason.Banned, disconnect.Reason);
        Assert.True(book.IsBanned(Bob.PublicKey));
    }

    [Fact]
    public async Task An_overflowing_send_queue_disconnects_the_peer()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var connectA = PeerConnection.ConnectAsync(
            pair.Initiator, HandshakeRole.Initiator, Options(Alice), new PeerConnectionOptions { SendQueueCapacity = 4 });
        var connectB = PeerConnection.ConnectAsync(pair.Responder, HandshakeRole.Responder, Options(Bob));
        await using var a = await connectA;
        await using var b = await connectB;

        // Not started, so nothing drains the queue: the fifth message overflows it.
        for (var n = 0; n < 4; n++)
        {
            Assert.True(await a.SendAsync(ChannelId.TxGossip, new byte[10]));
        }

        Assert.False(await a.SendAsync(ChannelId.TxGossip, new byte[10]));
        Assert.Equal(DisconnectReason.SendQueueOverflow, (await a.Completion).Reason);
        Assert.False(await a.SendAsync(ChannelId.TxGossip, new byte[10]));
    }

    [Fact]
    public async Task A_silent_peer_hits_the_idle_timeout()
    {
        var time = new FakeTimeProvider();
        await using var pair = await LoopbackPair.CreateAsync();
        var connectA = PeerConnection.ConnectAsync(
            pair.Initiator,
            HandshakeRole.Initiator,
            Options(Alice),
            new PeerConnectionOptions { IdleTimeout = TimeSpan.FromSeconds(30), TimeProvider = time });
        var bob = RunAndCloseOnErrorAsync(pair.Responder, HandshakeRole.Responder, Options(Bob));
        await using var a = await connectA;
        using var bobSession = (await bob).Session;
        a.Start();

        for (var step = 0; step < 10_000 && !a.Completion.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(5);
        }

        Assert.Equal(DisconnectReason.IdleTimeout, (await a.Completion).Reason);
    }

    [Fact]
    public async Task Keep_alives_hold_a_quiet_link_open()
    {
        var time = new FakeTimeProvider();
        await using var pair = await LoopbackPair.CreateAsync();
        var options = new PeerConnectionOptions { IdleTimeout = TimeSpan.FromSeconds(60), TimeProvider = time };
        var connectA = PeerConnection.ConnectAsync(pair.Initiator, HandshakeRole.Initiator, Options(Alice), options);
        var connectB = PeerConnection.ConnectAsync(pair.Responder, HandshakeRole.Responder, Options(Bob), options);
        await using var a = await connectA;
        await using var b = await connectB;
        a.Start();
        b.Start();

        // Keep-alives go out after 20 s of silence and must arrive within the other 40 s, i.e. within 80 steps
        // of real scheduling time; three idle periods of fake time pass.
        for (var step = 0; step < 360; step++)
        {
            time.Advance(TimeSpan.FromSeconds(0.5));
            await Task.Delay(10);
        }

        Assert.False(a.IsClosed);
        Assert.False(b.IsClosed);
    }

    /// <summary>
    /// Alice runs a real <see cref="PeerConnection"/>; "Bob" completes an honest handshake by hand and then
    /// plays <paramref name="attack"/> on the raw stream with the real session keys. Returns how Alice hung up.
    /// </summary>
    private static async Task<PeerDisconnect> AttackAsync(
        Func<Stream, SecureSession, Task> attack, int expectDelivered = 0, PeerScoreBook? book = null, int maxFrameSize = FrameCodec.DefaultMaxFrameSize)
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var connectA = PeerConnection.ConnectAsync(
            pair.Initiator, HandshakeRole.Initiator, Options(Alice), new PeerConnectionOptions { ScoreBook = book, MaxFrameSize = maxFrameSize });
        var bob = RunAndCloseOnErrorAsync(pair.Responder, HandshakeRole.Responder, Options(Bob));
        await using var a = await connectA;
        using var session = (await bob).Session;
        var inbox = Inbox(a);
        a.Start();

        await attack(pair.Responder, session);

        using var cts = new CancellationTokenSource(Patience);
        var disconnect = await a.Completion.WaitAsync(cts.Token);
        Assert.Equal(expectDelivered, inbox.Reader.Count);
        return disconnect;
    }

    private static Channel<(ChannelId Channel, byte[] Payload)> Inbox(PeerConnection peer)
    {
        var inbox = Channel.CreateUnbounded<(ChannelId, byte[])>();
        foreach (var channel in Enum.GetValues<ChannelId>().Where(c => c != ChannelId.Control))
        {
            peer.RegisterHandler(channel, (_, payload, _) =>
            {
                inbox.Writer.TryWrite((channel, payload.ToArray()));
                return ValueTask.CompletedTask;
            });
        }

        return inbox;
    }

    private static byte[] Payload(string from, ChannelId channel, int n) =>
        System.Text.Encoding.ASCII.GetBytes($"{from}/{channel}/{n}");

    private static async Task ExpectAsync(
        Channel<(ChannelId Channel, byte[] Payload)> inbox, string from, int perChannel, CancellationToken cancellationToken)
    {
        var next = Channels.ToDictionary(c => c, _ => 0);
        for (var received = 0; received < Channels.Length * perChannel; received++)
        {
            var (channel, payload) = await inbox.Reader.ReadAsync(cancellationToken);
            // Per channel, messages arrive in the order they were sent.
            Assert.Equal(Payload(from, channel, next[channel]++), payload);
        }
    }
}
