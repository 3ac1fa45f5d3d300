using System.Net;
using System.Net.Sockets;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Peers;
using EnergyChain.P2P.Scoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergyChain.P2P.Network;

/// <summary>
/// The node's side of the P2P network (a CometBFT "switch"): accepts and dials connections within the inbound
/// and outbound limits, runs the member handshake, keeps one connection per member key, routes each channel to
/// its reactor with per-peer rate limits, scores misbehaviour and bans, and redials with backoff.
/// Partial classes: accepting (listener), dialing (address book and reconnects).
/// </summary>
public sealed partial class PeerNetwork : IAsyncDisposable
{
    private readonly PeerNetworkOptions _options;
    private readonly HandshakeOptions _handshake;
    private readonly PeerConnectionOptions _connection;
    private readonly ILogger _log;
    private readonly Dictionary<ChannelId, Reactor> _reactors = [];
    private readonly Dictionary<PublicKey, Peer> _peers = [];
    private readonly Lock _peersLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private TcpListener? _listener;
    private int _started;
    private int _disposed;

    public PeerNetwork(PeerNetworkOptions options, ILogger<PeerNetwork>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _log = (ILogger?)log ?? NullLogger.Instance;
        Scores = new PeerScoreBook(options.Scores, options.TimeProvider);
        AddressScores = new AddressScoreBook(options.Scores, options.TimeProvider);
        _handshake = options.Handshake with { ScoreBook = Scores, TimeProvider = options.TimeProvider };
        _connection = options.Connection with { ScoreBook = Scores, TimeProvider = options.TimeProvider };
        Addresses = new AddressBook(options);
        foreach (var bootstrap in options.BootstrapPeers)
        {
            Addresses.Add(bootstrap, null, persistent: true);
        }
    }

    public PublicKey NodeKey => _handshake.NodeKey.PublicKey;

    /// <summary>Misbehaviour scores and bans of member keys.</summary>
    public PeerScoreBook Scores { get; }

    /// <summary>Scores and bans of IP addresses that failed handshakes.</summary>
    public AddressScoreBook AddressScores { get; }

    public AddressBook Addresses { get; }

    /// <summary>The bound listen address (with the real port when 0 was asked for); null when not listening.</summary>
    public IPEndPoint? ListenEndPoint { get; private set; }

    public TimeProvider Time => _options.TimeProvider;

    /// <summary>Raised after a peer is connected and its reactors know it.</summary>
    public event Action<Peer>? PeerConnected;

    /// <summary>Raised after a peer's connection ended and its reactors forgot it.</summary>
    public event Action<Peer, PeerDisconnect>? PeerDisconnected;

    public IReadOnlyList<Peer> Peers
    {
        get
        {
            lock (_peersLock)
            {
                return [.. _peers.Values];
            }
        }
    }

    public int InboundCount => Peers.Count(p => !p.IsOutbound);

    public int OutboundCount => Peers.Count(p => p.IsOutbound);

    public bool IsConnected(PublicKey key)
    {
        lock (_peersLock)
        {
            return _peers.ContainsKey(key);
        }
    }

    public void AddReactor(Reactor reactor)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("add reactors before StartAsync");
        }

        if (!_reactors.TryAdd(reactor.Channel, reactor))
        {
            throw new InvalidOperationException($"channel {reactor.Channel} already has a reactor");
        }

        reactor.Attach(this);
    }

    /// <summary>Starts the reactors, the listener (if any) and the dialer.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("already started");
        }

        foreach (var reactor in _reactors.Values)
        {
            await reactor.StartAsync(_stop.Token).ConfigureAwait(false);
        }

        if (_options.Listen is { } listen)
        {
            _listener = new TcpListener(listen);
            _listener.Start(backlog: 128);
            ListenEndPoint = (IPEndPoint)_listener.LocalEndpoint;
            _loops.Add(Task.Run(() => AcceptLoopAsync(_stop.Token), CancellationToken.None));
            LogListening(ListenEndPoint.ToString());
        }

        _loops.Add(Task.Run(() => DialLoopAsync(_stop.Token), CancellationToken.None));
    }

    /// <summary>Queues <paramref name="payload"/> to every peer (that <paramref name="filter"/> accepts).</summary>
    public void Broadcast(ChannelId channel, ReadOnlyMemory<byte> payload, Func<Peer, bool>? filter = null)
    {
        foreach (var peer in Peers)
        {
            if (filter is null || filter(peer))
            {
                _ = peer.SendAsync(channel, payload);
            }
        }
    }

    /// <summary>Adds a misbehaviour penalty; a peer that reaches the ban threshold is disconnected.</summary>
    public void Report(Peer peer, Misbehaviour misbehaviour)
    {
        ArgumentNullException.ThrowIfNull(peer);
        LogMisbehaviour(peer.ToString(), misbehaviour);
        if (Scores.Report(peer.Key, misbehaviour))
        {
            peer.Connection.Close(DisconnectReason.Banned);
        }
    }

    /// <summary>
    /// Closes every connection whose key the membership no longer admits. The handshake asks the membership once per
    /// connection; a membership that changes (a member leaves or is evicted) calls this so the change reaches links
    /// already open. Returns how many were closed.
    /// </summary>
    public int DisconnectNonMembers()
    {
        var closed = 0;
        foreach (var peer in Peers)
        {
            if (!_handshake.Membership.IsMember(peer.Key))
            {
                LogNoLongerMember(peer.ToString());
                peer.Connection.Close(DisconnectReason.NotMember);
                closed++;
            }
        }

        return closed;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        foreach (var peer in Peers)
        {
            peer.Connection.Close(DisconnectReason.LocalClose);
        }

        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var peer in Peers)
        {
            await peer.Connection.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var reactor in _reactors.Values)
        {
            await reactor.StopAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    /// <summary>
    /// Registers an authenticated connection as a peer, or closes it when the member already has one. Of two
    /// connections between the same pair, both sides keep the one dialed by the smaller key, so simultaneous
    /// dials settle on the same connection at both ends.
    /// </summary>
    private bool Admit(PeerConnection connection, bool outbound, IPEndPoint remote, PeerAddress? dialAddress)
    {
        var time = _options.TimeProvider;
        var buckets = _reactors.Values.Where(r => !r.MessageRate.IsUnlimited).ToDictionary(r => r.Channel, r => new TokenBucket(r.MessageRate, time));
        var peer = new Peer(connection, outbound, remote, dialAddress, time.GetUtcNow(), buckets, new TokenBucket(_options.ByteRate, time));
        Peer? replaced = null;
        lock (_peersLock)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                // A handshake that finished while the network was stopping.
                connection.Close(DisconnectReason.LocalClose);
                _ = connection.DisposeAsync();
                return false;
            }

            if (_peers.TryGetValue(peer.Key, out var existing))
            {
                if (!PreferOver(peer, existing))
                {
                    connection.Close(DisconnectReason.LocalClose);
                    _ = connection.DisposeAsync();
                    return false;
                }

                replaced = existing;
            }
            else if (!outbound && _peers.Values.Count(p => !p.IsOutbound) >= _options.MaxInbound)
            {
                connection.Close(DisconnectReason.LocalClose);
                _ = connection.DisposeAsync();
                return false;
            }

            _peers[peer.Key] = peer;
        }

        replaced?.Connection.Close(DisconnectReason.LocalClose);
        foreach (var reactor in _reactors.Values)
        {
            connection.RegisterHandler(reactor.Channel, (_, payload, ct) => DispatchAsync(peer, reactor, payload, ct));
        }

        foreach (var reactor in _reactors.Values)
        {
            reactor.AddPeer(peer);
        }

        connection.Start();
        _ = connection.Completion.ContinueWith(t => OnDisconnected(peer, t.Result), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        LogPeerConnected(peer.ToString(), outbound ? "outbound" : "inbound");
        PeerConnected?.Invoke(peer);
        return true;
    }

    private bool PreferOver(Peer candidate, Peer existing)
    {
        if (candidate.IsOutbound == existing.IsOutbound)
        {
            return false;
        }

        var candidateInitiator = candidate.IsOutbound ? NodeKey : candidate.Key;
        var existingInitiator = existing.IsOutbound ? NodeKey : existing.Key;
        return candidateInitiator.Span.SequenceCompareTo(existingInitiator.Span) < 0;
    }

    private void OnDisconnected(Peer peer, PeerDisconnect disconnect)
    {
        lock (_peersLock)
        {
            if (_peers.TryGetValue(peer.Key, out var current) && ReferenceEquals(current, peer))
            {
                _peers.Remove(peer.Key);
            }
        }

        foreach (var reactor in _reactors.Values)
        {
            try
            {
                reactor.RemovePeer(peer);
            }
            catch (Exception ex)
            {
                LogReactorFailed(reactor.Channel, ex.Message);
            }
        }

        if (peer.DialAddress is { } address)
        {
            Addresses.OnDisconnected(address, _options.TimeProvider.GetUtcNow());
        }

        LogPeerDisconnected(peer.ToString(), disconnect.Reason, disconnect.Error?.Message ?? string.Empty);
        _ = peer.Connection.DisposeAsync();
        PeerDisconnected?.Invoke(peer, disconnect);
    }

    internal void LogReactorFailure(ChannelId channel, Exception error) => LogReactorFailed(channel, error.Message);

    private async ValueTask DispatchAsync(Peer peer, Reactor reactor, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!peer.TryTakeMessage(reactor.Channel) || !peer.ByteBucket.TryTake(payload.Length))
        {
            // Over the rate: the message is dropped unread and the peer pays for it.
            Report(peer, Misbehaviour.Flood);
            return;
        }

        try
        {
            await reactor.ReceiveAsync(peer, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (MessageException ex)
        {
            LogInvalidMessage(peer.ToString(), reactor.Channel, ex.Message);
            Report(peer, Misbehaviour.InvalidMessage);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "P2P listening on {EndPoint}")]
    private partial void LogListening(string endPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer} connected ({Direction})")]
    private partial void LogPeerConnected(string peer, string direction);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer} disconnected: {Reason} {Detail}")]
    private partial void LogPeerDisconnected(string peer, DisconnectReason reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer} misbehaved: {Misbehaviour}")]
    private partial void LogMisbehaviour(string peer, Misbehaviour misbehaviour);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer} is no longer a member: disconnected")]
    private partial void LogNoLongerMember(string peer);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Peer {Peer} sent an invalid message on {Channel}: {Reason}")]
    private partial void LogInvalidMessage(string peer, ChannelId channel, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reactor {Channel} failed: {Reason}")]
    private partial void LogReactorFailed(ChannelId channel, string reason);
}
