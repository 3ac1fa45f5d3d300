using System.Threading.Channels;
using EnergyChain.P2P.Framing;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Peers;
using EnergyChain.P2P.Session;
using EnergyChain.P2P.Tests.Support;
using static EnergyChain.P2P.Tests.Support.TestNetwork;

namespace EnergyChain.P2P.Tests.Peers;

/// <summary>
/// The byte counters the consensus benchmark divides by its transfers. They are process-wide and other tests run
/// beside this one, so the checks are lower bounds: what this pair sent must at least be counted, sealed and framed.
/// </summary>
public sealed class P2PTrafficTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Every_sent_and_received_frame_is_counted_with_its_framing_and_seal()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var connectA = PeerConnection.ConnectAsync(pair.Initiator, HandshakeRole.Initiator, Options(Alice));
        var connectB = PeerConnection.ConnectAsync(pair.Responder, HandshakeRole.Responder, Options(Bob));
        await using var a = await connectA;
        await using var b = await connectB;
        var inbox = Channel.CreateUnbounded<int>();
        b.RegisterHandler(ChannelId.BlockPropagation, (_, payload, _) =>
        {
            inbox.Writer.TryWrite(payload.Length);
            return ValueTask.CompletedTask;
        });

        var sentBefore = P2PTraffic.BytesSent;
        var receivedBefore = P2PTraffic.BytesReceived;
        a.Start();
        b.Start();

        const int Messages = 20;
        const int PayloadBytes = 10_000;
        for (var n = 0; n < Messages; n++)
        {
            Assert.True(await a.SendAsync(ChannelId.BlockPropagation, new byte[PayloadBytes]));
        }

        using var cts = new CancellationTokenSource(Patience);
        for (var n = 0; n < Messages; n++)
        {
            Assert.True(await inbox.Reader.ReadAsync(cts.Token) >= PayloadBytes);
        }

        // Each message travels as a frame header, the sealed envelope (payload, channel, tag and counter).
        const long AtLeast = Messages * (long)(PayloadBytes + FrameCodec.HeaderSize + SecureSession.Overhead);
        Assert.True(P2PTraffic.BytesSent - sentBefore >= AtLeast, $"sent counter moved {P2PTraffic.BytesSent - sentBefore:N0} bytes, expected at least {AtLeast:N0}");
        Assert.True(P2PTraffic.BytesReceived - receivedBefore >= AtLeast, $"received counter moved {P2PTraffic.BytesReceived - receivedBefore:N0} bytes, expected at least {AtLeast:N0}");
    }
}
