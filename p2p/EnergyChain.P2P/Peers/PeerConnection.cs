using System.Buffers;
using System.Threading.Channels;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Framing;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Network;
using EnergyChain.P2P.Scoring;
using EnergyChain.P2P.Session;

namespace EnergyChain.P2P.Peers;

/// <summary>
/// One authenticated, encrypted connection to a member. Create it with <see cref="ConnectAsync"/> (handshake
/// first), register channel handlers, then <see cref="Start"/>. Sends go through a bounded queue drained by one
/// send loop; the receive loop decrypts, decodes and dispatches. Any invalid frame or session failure closes the
/// connection; an authenticated but invalid message is reported to the score book and the connection closes only
/// when the peer gets banned. <see cref="Completion"/> tells why it ended.
/// </summary>
public sealed class PeerConnection : IAsyncDisposable
{
    /// <summary>Queued frames are coalesced into one socket write up to about this many bytes.</summary>
    private const int MaxSendBatchBytes = 256 * 1024;

    /// <summary>Receive-side read buffer: small frames arrive several per read syscall.</summary>
    private const int ReceiveBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly Stream _receiveStream;
    private readonly SecureSession _session;
    private readonly PeerConnectionOptions _options;
    private readonly Channel<byte[]> _sendQueue;
    private readonly Dictionary<ChannelId, PeerMessageHandler> _handlers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<PeerDisconnect> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _maxPayloadSize;
    private readonly TokenBucket? _controlBucket;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, (long Sent, TaskCompletionSource<TimeSpan> Reply)> _pings = new();
    private long _nextPing;
    private long _lastReceived;
    private long _lastSent;
    private ITimer? _idleTimer;
    private Task _receiveLoop = Task.CompletedTask;
    private Task _sendLoop = Task.CompletedTask;
    private int _started;
    private int _closed;

    public PeerConnection(Stream stream, HandshakeResult handshake, PeerConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(handshake);
        _stream = stream;

        // Reads only (the send loop writes to the stream itself); never disposed on its own, closing _stream ends it.
        _receiveStream = new BufferedStream(stream, ReceiveBufferSize);
        _session = handshake.Session;
        RemoteKey = handshake.RemoteKey;
        Role = handshake.Role;
        _options = options ?? new PeerConnectionOptions();
        _sendQueue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(_options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // Envelope framing costs at most 1 (tag) + 5 (varint) + 1 (tag) + 5 (varint) + 2 bytes beyond the payload.
        _maxPayloadSize = _options.MaxFrameSize - SecureSession.Overhead - 16;
        _lastReceived = _lastSent = _options.TimeProvider.GetTimestamp();
        _controlBucket = _options.ControlRate.IsUnlimited ? null : new TokenBucket(_options.ControlRate, _options.TimeProvider);
    }

    public PublicKey RemoteKey { get; }

    public HandshakeRole Role { get; }

    /// <summary>Largest payload <see cref="SendAsync"/> accepts.</summary>
    public int MaxPayloadSize => _maxPayloadSize;

    /// <summary>Completes once, when the connection has closed, with the reason.</summary>
    public Task<PeerDisconnect> Completion => _completion.Task;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Handshakes on <paramref name="stream"/> and wraps it. The stream is disposed if the handshake fails.</summary>
    public static async Task<PeerConnection> ConnectAsync(
        Stream stream,
        HandshakeRole role,
        HandshakeOptions handshake,
        PeerConnectionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            var result = await PeerHandshake.RunAsync(stream, role, handshake, cancellationToken).ConfigureAwait(false);
            return new PeerConnection(stream, result, options);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Registers the handler for a channel; only before <see cref="Start"/>.</summary>
    public void RegisterHandler(ChannelId channel, PeerMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("register handlers before Start");
        }

        if (channel == ChannelId.Control)
        {
            throw new ArgumentException("the control channel belongs to the connection", nameof(channel));
        }

        _handlers[channel] = handler;
    }

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("already started");
        }

        if (_options.IdleTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("IdleTimeout must be positive");
        }

        var period = _options.IdleTimeout / 4;
        _idleTimer = _options.TimeProvider.CreateTimer(_ => CheckIdle(), null, period, period);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
        _sendLoop = Task.Run(SendLoopAsync);
    }

    /// <summary>
    /// Queues a message. Returns false when the connection is closed; when the queue is full the peer is too slow,
    /// so the connection is closed (reason <see cref="DisconnectReason.SendQueueOverflow"/>) and false returned.
    /// </summary>
    public ValueTask<bool> SendAsync(ChannelId channel, ReadOnlyMemory<byte> payload)
    {
        if (payload.Length > _maxPayloadSize)
        {
            throw new ArgumentException($"payload of {payload.Length} bytes exceeds {_maxPayloadSize}", nameof(payload));
        }

        if (IsClosed)
        {
            return ValueTask.FromResult(false);
        }

        if (!_sendQueue.Writer.TryWrite(MessageCodec.EncodeEnvelope(channel, payload)))
        {
            Close(DisconnectReason.SendQueueOverflow, null);
            return ValueTask.FromResult(false);
        }

        return ValueTask.FromResult(true);
    }

    /// <summary>
    /// Measures the round trip to the peer on the control channel: the time from queueing a ping to reading the
    /// pong, so it includes both send queues and receive loops (what a reactor message would see).
    /// </summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var nonce = (ulong)Interlocked.Increment(ref _nextPing);
        var reply = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pings[nonce] = (_options.TimeProvider.GetTimestamp(), reply);
        try
        {
            if (!await SendAsync(ChannelId.Control, ReactorCodec.EncodePing(nonce)).ConfigureAwait(false))
            {
                throw new IOException("the connection is closed");
            }

            return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pings.TryRemove(nonce, out _);
        }
    }

    /// <summary>Closes the connection (idempotent; the first reason wins).</summary>
    public void Close(DisconnectReason reason = DisconnectReason.LocalClose, Exception? error = null)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _idleTimer?.Dispose();
        _sendQueue.Writer.TryComplete();
        _stop.Cancel();
        _stream.Dispose();
        _completion.TrySetResult(new PeerDisconnect(reason, error));
        foreach (var ping in _pings.Values)
        {
            ping.Reply.TrySetException(new IOException($"the connection closed ({reason})"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        try
        {
            await Task.WhenAll(_receiveLoop, _sendLoop).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Loops end with these when the stream is torn down under them.
        }

        _session.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// Decrypts a frame and decodes its envelope, both in pooled buffers that are returned here: the envelope's
    /// payload is the decoder's own copy, so nothing refers to them afterwards. Null for a malformed envelope.
    /// </summary>
    private EnvelopeMessage? OpenEnvelope(RentedFrame frame)
    {
        byte[]? plaintext = null;
        try
        {
            plaintext = ArrayPool<byte>.Shared.Rent(SecureSession.PlaintextLength(frame.Length));
            var length = _session.OpenTo(frame.Payload, plaintext);
            Interlocked.Exchange(ref _lastReceived, _options.TimeProvider.GetTimestamp());
            return MessageCodec.DecodeEnvelope(plaintext.AsSpan(0, length));
        }
        catch (MessageException)
        {
            return null;
        }
        finally
        {
            frame.Dispose();
            if (plaintext is not null)
            {
                ArrayPool<byte>.Shared.Return(plaintext);
            }
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (await FrameCodec.ReadRentedFrameAsync(_receiveStream, _options.MaxFrameSize, token).ConfigureAwait(false) is not { } frame)
                {
                    Close(DisconnectReason.RemoteClosed, null);
                    return;
                }

                P2PTraffic.AddReceived(FrameCodec.HeaderSize + frame.Length);
                if (OpenEnvelope(frame) is not { } envelope)
                {
                    Penalize(Misbehaviour.InvalidMessage);
                    continue;
                }

                if (envelope.Channel == ChannelId.Control)
                {
                    // Rate-limited like the reactor channels: every ping costs a pong, so an unlimited flood would
                    // cost CPU and overflow the send queue without a penalty.
                    if (_controlBucket?.TryTake() == false)
                    {
                        Penalize(Misbehaviour.Flood);
                        continue;
                    }

                    HandleControl(envelope.Payload.Span);
                    continue;
                }

                if (!_handlers.TryGetValue(envelope.Channel, out var handler))
                {
                    // A known channel this node runs no reactor for: ignore it, like CometBFT does for
                    // channels a peer did not advertise, but count it so it cannot be used to flood.
                    Penalize(Misbehaviour.Flood);
                    continue;
                }

                try
                {
                    await handler(this, envelope.Payload, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    Close(DisconnectReason.HandlerFailed, ex);
                    return;
                }
            }
        }
        catch (FrameException ex)
        {
            // Scored before the close, so whoever sees the disconnect already sees the ban (no reconnect window).
            _options.ScoreBook?.Report(RemoteKey, Misbehaviour.InvalidFrame);
            Close(DisconnectReason.InvalidFrame, ex);
        }
        catch (SessionException ex)
        {
            _options.ScoreBook?.Report(RemoteKey, Misbehaviour.InvalidFrame);
            Close(DisconnectReason.SessionFailure, ex);
        }
        catch (Exception ex)
        {
            // Stream torn down under the loop (local close) or a failing socket.
            Close(token.IsCancellationRequested ? DisconnectReason.LocalClose : DisconnectReason.IoError, ex);
        }
    }

    private async Task SendLoopAsync()
    {
        var token = _stop.Token;
        try
        {
            // Everything queued by the time the loop wakes up goes out in one write (frames back to back, each
            // sealed as before): one send syscall per burst rather than per message.
            var reader = _sendQueue.Reader;
            var batch = new ArrayBufferWriter<byte>(16 * 1024);
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                batch.ResetWrittenCount();
                while (batch.WrittenCount < MaxSendBatchBytes && reader.TryRead(out var envelope))
                {
                    var sealedLength = SecureSession.Overhead + envelope.Length;
                    if (sealedLength > _options.MaxFrameSize)
                    {
                        throw new ArgumentException($"payload of {sealedLength} bytes exceeds the frame maximum {_options.MaxFrameSize}");
                    }

                    var frame = batch.GetSpan(FrameCodec.HeaderSize + sealedLength);
                    FrameCodec.WriteHeader(frame, sealedLength);
                    _session.SealTo(envelope, frame[FrameCodec.HeaderSize..]);
                    batch.Advance(FrameCodec.HeaderSize + sealedLength);
                }

                await _stream.WriteAsync(batch.WrittenMemory, token).ConfigureAwait(false);
                P2PTraffic.AddSent(batch.WrittenCount);
                await _stream.FlushAsync(token).ConfigureAwait(false);
                Interlocked.Exchange(ref _lastSent, _options.TimeProvider.GetTimestamp());
                if (batch.Capacity > 4 * MaxSendBatchBytes)
                {
                    batch = new ArrayBufferWriter<byte>(16 * 1024); // do not keep a buffer grown by one huge frame
                }
            }
        }
        catch (Exception ex)
        {
            // Whatever stops the send loop ends the connection: a peer we cannot write to is not connected.
            Close(token.IsCancellationRequested ? DisconnectReason.LocalClose : DisconnectReason.IoError, ex);
        }
    }

    private void HandleControl(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return; // keep-alive
        }

        ControlMessage control;
        try
        {
            control = ReactorCodec.DecodeControl(payload);
        }
        catch (MessageException)
        {
            Penalize(Misbehaviour.InvalidMessage);
            return;
        }

        if (control.IsPing)
        {
            _ = SendAsync(ChannelId.Control, ReactorCodec.EncodePong(control.Nonce));
        }
        else if (_pings.TryGetValue(control.Nonce, out var ping))
        {
            ping.Reply.TrySetResult(_options.TimeProvider.GetElapsedTime(ping.Sent));
        }
    }

    private void CheckIdle()
    {
        var time = _options.TimeProvider;
        if (time.GetElapsedTime(Interlocked.Read(ref _lastReceived)) >= _options.IdleTimeout)
        {
            Close(DisconnectReason.IdleTimeout, null);
            return;
        }

        if (time.GetElapsedTime(Interlocked.Read(ref _lastSent)) >= _options.IdleTimeout / 3)
        {
            // Keep-alive so that the peer's idle timer does not fire on a quiet but healthy link.
            _ = SendAsync(ChannelId.Control, ReadOnlyMemory<byte>.Empty);
            Interlocked.Exchange(ref _lastSent, time.GetTimestamp());
        }
    }

    private void Penalize(Misbehaviour misbehaviour)
    {
        if (_options.ScoreBook?.Report(RemoteKey, misbehaviour) == true)
        {
            Close(DisconnectReason.Banned, null);
        }
    }
}
