using System.Globalization;
using System.Text;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Framing;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Messages;

namespace EnergyChain.P2P.Tests.Support;

/// <summary>
/// Drives a large-volume flood at the producer of a <see cref="HostileNetwork"/>. Junk after the handshake ends a
/// connection at its first bad frame and junk before it bans the address, after which connections are closed at
/// accept, so the volume has to come from reconnecting and from valid traffic. Two phases:
/// <list type="number">
/// <item>Pre-handshake junk from <see cref="JunkSource"/> (127.0.0.3): connect, send a frame header claiming the
/// handshake maximum and then junk in 1 MiB writes until the node resets the connection; reconnect and repeat, up
/// to a quarter of the volume or <see cref="MaxJunkConnections"/> connections. The first attempt bans the
/// address, the rest are closed at accept, so little of it reaches the node: what counts is what the local
/// socket accepted.</item>
/// <item>Authenticated, from 127.0.0.2, for the rest of the volume: each hostile member key handshakes and
/// pushes valid, encrypted tx announces of 2,000 hashes (about 64 KiB each, under the large object heap
/// threshold) at full speed, which the node must read, decrypt, decode and process within its per-peer rate
/// limits; then one frame whose header claims the maximum frame size, followed by that many junk bytes (the node
/// reads and allocates it, fails authentication and bans the key).</item>
/// </list>
/// </summary>
public sealed class HostileFlood
{
    private const int JunkChunk = 1024 * 1024;
    private const int MaxJunkConnections = 2_000;

    public static readonly System.Net.IPAddress JunkSource = System.Net.IPAddress.Parse("127.0.0.3");

    private readonly HostileNetwork _net;
    private readonly StringBuilder _log = new();

    public HostileFlood(HostileNetwork net)
    {
        _net = net;
    }

    /// <summary>ENERGYCHAIN_FLOOD_MB, default 200.</summary>
    public static int Megabytes =>
        int.TryParse(Environment.GetEnvironmentVariable("ENERGYCHAIN_FLOOD_MB"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var mb) && mb > 0 ? mb : 200;

    public long AuthenticatedBytes { get; private set; }

    public long AuthenticatedMessages { get; private set; }

    public long JunkBytes { get; private set; }

    public int JunkConnections { get; private set; }

    /// <summary>Junk connections on which the node sent its Hello, i.e. ran a handshake (before the address ban).</summary>
    public int JunkConnectionsHandshaking { get; private set; }

    public List<PrivateKey> KeysUsed { get; } = [];

    public string Log => _log.ToString();

    public async Task RunAsync(long totalBytes, IReadOnlyList<PrivateKey> hostileKeys)
    {
        await JunkFloodAsync(totalBytes / 4);
        foreach (var key in hostileKeys)
        {
            var share = (totalBytes - JunkBytes - AuthenticatedBytes) / (hostileKeys.Count - KeysUsed.Count);
            KeysUsed.Add(key);
            await AuthenticatedFloodAsync(key, share);
        }
    }

    private async Task AuthenticatedFloodAsync(PrivateKey key, long budget)
    {
        HostileClient client;
        try
        {
            client = await _net.ConnectMemberAsync(key);
        }
        catch (HandshakeException ex)
        {
            _log.AppendLine(CultureInfo.InvariantCulture, $"key {key.PublicKey.ToString()[..12]}: handshake refused ({ex.Error})");
            return;
        }

        await using (client)
        {
            var hashes = Enumerable.Range(0, 2000).Select(i => Hash256.Compute(BitConverter.GetBytes(i))).ToArray();
            var envelope = MessageCodec.EncodeEnvelope(ChannelId.TxGossip, ReactorCodec.EncodeTxAnnounce(hashes));
            long sent = 0, messages = 0;
            while (sent < budget && !client.IsClosedByNode)
            {
                var frame = client.SealFrame(envelope);
                if (!await client.WriteAsync(frame))
                {
                    break;
                }

                sent += frame.Length;
                messages++;
            }

            var stillConnected = !client.IsClosedByNode && _net.Producer.Network.IsConnected(key.PublicKey);
            var score = _net.Producer.Network.Scores.ScoreOf(key.PublicKey);

            // Then one maximum-size frame of junk: read in full, fails authentication, bans the key.
            var junkFrame = new byte[FrameCodec.HeaderSize + FrameCodec.DefaultMaxFrameSize];
            Random.Shared.NextBytes(junkFrame);
            HostileClient.FrameHeader(FrameCodec.DefaultMaxFrameSize).CopyTo(junkFrame, 0);
            var junkSent = await client.WriteAsync(junkFrame);
            if (junkSent)
            {
                sent += junkFrame.Length;
            }

            var closed = await client.WaitClosedAsync() is not null;
            await Eventually.TrueAsync(() => _net.Producer.Network.Scores.IsBanned(key.PublicKey), "the key that sent a junk frame was banned");
            AuthenticatedBytes += sent;
            AuthenticatedMessages += messages;
            _log.AppendLine(
                CultureInfo.InvariantCulture,
                $"key {key.PublicKey.ToString()[..12]}: {messages} announces ({Mb(sent - (junkSent ? junkFrame.Length : 0))}), connected after them: {stillConnected}, score {score}; "
                + $"max-size junk frame sent: {junkSent}; closed by node: {closed}; banned: {_net.Producer.Network.Scores.IsBanned(key.PublicKey)}");
        }
    }

    private async Task JunkFloodAsync(long budget)
    {
        var chunk = new byte[JunkChunk];
        Random.Shared.NextBytes(chunk);
        var header = HostileClient.FrameHeader(PeerHandshake.MaxHandshakeFrameSize);
        var refusedConnects = 0;
        while (JunkBytes < budget && JunkConnections < MaxJunkConnections)
        {
            HostileClient client;
            try
            {
                client = await HostileClient.ConnectAsync(_net.Target, JunkSource);
            }
            catch (System.Net.Sockets.SocketException)
            {
                refusedConnects++;
                continue;
            }

            await using (client)
            {
                JunkConnections++;
                client.StartDraining();
                if (await client.WriteAsync(header))
                {
                    JunkBytes += header.Length;
                    while (JunkBytes < budget && await client.WriteAsync(chunk))
                    {
                        JunkBytes += chunk.Length;
                    }
                }

                if (await client.WaitClosedAsync() > 0)
                {
                    JunkConnectionsHandshaking++;
                }
            }
        }

        _log.AppendLine(
            CultureInfo.InvariantCulture,
            $"junk: {Mb(JunkBytes)} over {JunkConnections} connections ({JunkConnectionsHandshaking} got the node's Hello, the rest were closed at accept), {refusedConnects} connects refused");
    }

    public static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):F1} MiB");
}
