using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Framing;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Messages.Proto;
using EnergyChain.P2P.Session;
using Google.Protobuf;

namespace EnergyChain.P2P.Tests.Support;

/// <summary>
/// A hand-driven TCP client for attacking a <see cref="TestNode"/>: it connects from another loopback address
/// (127.0.0.2 by default, so an IP ban does not hit the honest nodes on 127.0.0.1), can run a real member
/// handshake and then write anything: raw bytes, hand-made frame headers, or properly encrypted frames carrying
/// any envelope. A background drain reads and discards whatever the node sends, so the node's send queue never
/// backs up, and completes when the node closes the connection.
/// </summary>
public sealed class HostileClient : IAsyncDisposable
{
    public static readonly IPAddress DefaultSource = IPAddress.Parse("127.0.0.2");

    // A safety net against hangs, not a speed assertion.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private SecureSession? _session;
    private Task<long>? _drain;
    private long _bytesSent;

    private HostileClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    public HandshakeResult? Handshake { get; private set; }

    /// <summary>Bytes the local socket accepted (not necessarily read by the node).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public static async Task<HostileClient> ConnectAsync(IPEndPoint target, IPAddress? source = null, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source ?? DefaultSource, 0));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Patience);
            await socket.ConnectAsync(target, timeout.Token);
            return new HostileClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects to <paramref name="node"/> as member <paramref name="key"/>, handshakes and waits until the node lists it.</summary>
    public static async Task<HostileClient> ConnectMemberAsync(TestNode node, TestMembers members, PrivateKey key)
    {
        var client = await ConnectAsync(node.Network.ListenEndPoint!);
        try
        {
            await client.HandshakeAsync(Options(members, key));
            client.StartDraining();
            await Eventually.TrueAsync(() => node.Network.IsConnected(key.PublicKey), "the member was admitted", TimeSpan.FromSeconds(20));
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Handshake options for <paramref name="key"/> on the test network (overridable to lie about the chain).</summary>
    public static HandshakeOptions Options(TestMembers members, PrivateKey key, string? chainId = null, Hash256? genesisHash = null) => new()
    {
        NodeKey = key,
        ChainId = chainId ?? members.Genesis.ChainId,
        GenesisHash = genesisHash ?? members.Genesis.Hash,
        Membership = StaticMembership.FromGenesis(members.Genesis),
        Timeout = Patience,
    };

    /// <summary>Runs the real handshake as the initiator, like <c>PeerConnection.ConnectAsync</c> does, and keeps the session.</summary>
    public async Task<HandshakeResult> HandshakeAsync(HandshakeOptions options, CancellationToken cancellationToken = default)
    {
        var result = await PeerHandshake.RunAsync(_stream, HandshakeRole.Initiator, options, cancellationToken);
        Handshake = result;
        _session = result.Session;
        return result;
    }

    /// <summary>An envelope for any channel number, including ones the node does not know.</summary>
    public static byte[] RawEnvelope(uint channel, ReadOnlySpan<byte> payload) =>
        new Envelope { Channel = channel, Payload = ByteString.CopyFrom(payload) }.ToByteArray();

    /// <summary>A frame header claiming <paramref name="length"/> payload bytes, with the given magic.</summary>
    public static byte[] FrameHeader(uint length, byte magic0 = FrameCodec.Magic0, byte magic1 = FrameCodec.Magic1)
    {
        var header = new byte[FrameCodec.HeaderSize];
        header[0] = magic0;
        header[1] = magic1;
        header[2] = FrameCodec.Version;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), length);
        return header;
    }

    /// <summary>Seals <paramref name="plaintext"/> with the session (next counter) and frames it.</summary>
    public byte[] SealFrame(ReadOnlySpan<byte> plaintext) =>
        FrameCodec.Encode((_session ?? throw new InvalidOperationException("handshake first")).Seal(plaintext));

    /// <summary>Sends one encrypted envelope; false when the node has closed the connection.</summary>
    public Task<bool> SendEnvelopeAsync(uint channel, ReadOnlySpan<byte> payload, CancellationToken cancellationToken = default) =>
        WriteAsync(SealFrame(RawEnvelope(channel, payload)), cancellationToken);

    /// <summary>Writes raw bytes; false when the node has closed the connection (reset, broken pipe).</summary>
    public async Task<bool> WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            await _stream.WriteAsync(bytes, timeout.Token);
            Interlocked.Add(ref _bytesSent, bytes.Length);
            return true;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Half-closes: the node sees the end of the stream, and the drain can still see the node close.</summary>
    public void ShutdownSend()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already reset by the node.
        }
    }

    /// <summary>Starts reading and discarding what the node sends (idempotent).</summary>
    public void StartDraining() => _drain ??= Task.Run(DrainAsync);

    /// <summary>
    /// Waits until the node closes the connection (end of stream or reset). Returns the bytes the node sent
    /// in all, or null when it was still open after <paramref name="timeout"/>.
    /// </summary>
    public async Task<long?> WaitClosedAsync(TimeSpan? timeout = null)
    {
        StartDraining();
        try
        {
            return await _drain!.WaitAsync(timeout ?? Patience);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public bool IsClosedByNode => _drain is { IsCompleted: true };

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (_drain is not null)
        {
            await _drain;
        }

        await _stream.DisposeAsync();
        _session?.Dispose();
    }

    private async Task<long> DrainAsync()
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer);
                if (read == 0)
                {
                    return total;
                }

                total += read;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            return total;
        }
    }
}
