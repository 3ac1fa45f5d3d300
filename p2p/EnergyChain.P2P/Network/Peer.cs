using System.Net;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Peers;

namespace EnergyChain.P2P.Network;

/// <summary>A connected, authenticated member as the reactors see it.</summary>
public sealed class Peer
{
    private readonly Dictionary<ChannelId, TokenBucket> _messageBuckets;
    private int _listenPort;

    internal Peer(PeerConnection connection, bool isOutbound, IPEndPoint remoteEndPoint, PeerAddress? dialAddress, DateTimeOffset connectedAt, Dictionary<ChannelId, TokenBucket> messageBuckets, TokenBucket byteBucket)
    {
        Connection = connection;
        IsOutbound = isOutbound;
        RemoteEndPoint = remoteEndPoint;
        DialAddress = dialAddress;
        ConnectedAt = connectedAt;
        _messageBuckets = messageBuckets;
        ByteBucket = byteBucket;
    }

    public PublicKey Key => Connection.RemoteKey;

    public PeerConnection Connection { get; }

    /// <summary>True when this node dialed the peer.</summary>
    public bool IsOutbound { get; }

    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The address this node dialed (outbound peers only).</summary>
    public PeerAddress? DialAddress { get; }

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>The port the peer says it accepts connections on (peer exchange); 0 when unknown.</summary>
    public int ListenPort
    {
        get => Volatile.Read(ref _listenPort);
        internal set => Volatile.Write(ref _listenPort, value);
    }

    /// <summary>Where other nodes can dial this peer, when known.</summary>
    public PeerAddress? ReachableAddress => DialAddress
        ?? (ListenPort > 0 ? new PeerAddress(RemoteEndPoint.Address.ToString(), ListenPort) : null);

    internal TokenBucket ByteBucket { get; }

    /// <summary>Queues a message; false when the connection is closed or was just closed for a full queue.</summary>
    public ValueTask<bool> SendAsync(ChannelId channel, ReadOnlyMemory<byte> payload) => Connection.SendAsync(channel, payload);

    internal bool TryTakeMessage(ChannelId channel) =>
        !_messageBuckets.TryGetValue(channel, out var bucket) || bucket.TryTake();

    public override string ToString() => $"{Key.ToString()[..12]}@{RemoteEndPoint}";
}
