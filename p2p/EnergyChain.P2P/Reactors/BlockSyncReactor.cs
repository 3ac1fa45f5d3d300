using System.Collections.Concurrent;
using EnergyChain.Core.Blocks;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Network;
using EnergyChain.P2P.Scoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergyChain.P2P.Reactors;

/// <summary>
/// Block sync: peers exchange their head height; a node behind asks several peers in parallel for consecutive
/// ranges, keeps a bounded buffer of what arrived, and applies blocks strictly in height order through the chain
/// port, which validates each one fully before committing it. A peer that serves an invalid block is penalized
/// and its range is asked from someone else.
/// </summary>
public sealed partial class BlockSyncReactor : Reactor
{
    private readonly IChainPort _chain;
    private readonly BlockSyncOptions _options;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<Peer, PeerSyncState> _peers = new();
    private readonly Dictionary<ulong, PendingRange> _requests = [];
    private readonly SortedDictionary<ulong, (Block Block, Peer From, int Size)> _ready = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private long _bufferedBytes;
    private long _blocksSynced;
    private Task _prefetch = Task.CompletedTask;
    private Task _loop = Task.CompletedTask;
    private long _lastProgressLog;
    private ulong _lastProgressHeight;
    private ulong? _catchUpFrom;

    public BlockSyncReactor(IChainPort chain, BlockSyncOptions? options = null, ILogger<BlockSyncReactor>? log = null)
    {
        _chain = chain;
        _options = options ?? new BlockSyncOptions();
        _log = (ILogger?)log ?? NullLogger.Instance;
    }

    public override ChannelId Channel => ChannelId.BlockSync;

    public override RateLimit MessageRate => new(100, 500);

    /// <summary>The highest head any connected peer reported.</summary>
    public ulong BestPeerHeight => _peers.Values.Select(p => p.Height).DefaultIfEmpty(0UL).Max();

    /// <summary>True while some peer is ahead of this node.</summary>
    public bool IsSyncing => BestPeerHeight > _chain.Head.Height;

    /// <summary>Blocks committed by sync since start.</summary>
    public long BlocksSynced => Interlocked.Read(ref _blocksSynced);

    /// <summary>The head height a peer last reported (0 when unknown).</summary>
    public ulong HeightOf(Peer peer) => _peers.TryGetValue(peer, out var state) ? state.Height : 0;

    /// <summary>Records that <paramref name="peer"/> has at least <paramref name="height"/> (e.g. it sent that block).</summary>
    public void NotePeerHeight(Peer peer, ulong height)
    {
        if (_peers.TryGetValue(peer, out var state) && height > state.Height && Network.Time.GetTimestamp() >= state.IgnoreClaimsUntil)
        {
            state.Height = height;
            Wake();
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(cancellationToken), CancellationToken.None);
        return Task.CompletedTask;
    }

    public override async Task StopAsync()
    {
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override void AddPeer(Peer peer)
    {
        _peers[peer] = new PeerSyncState();
        var head = _chain.Head;
        _ = peer.SendAsync(Channel, ReactorCodec.EncodeSyncStatus(head.Height, head.Hash));
    }

    public override void RemovePeer(Peer peer)
    {
        _peers.TryRemove(peer, out _);
        lock (_lock)
        {
            foreach (var start in _requests.Where(r => r.Value.Peer == peer).Select(r => r.Key).ToList())
            {
                _requests.Remove(start);
            }
        }

        Wake();
    }

    public override async ValueTask ReceiveAsync(Peer peer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var message = ReactorCodec.DecodeBlockSync(payload.Span);
        switch (message.Kind)
        {
            case BlockSyncKind.Status:
                if (_peers.TryGetValue(peer, out var state) && Network.Time.GetTimestamp() >= state.IgnoreClaimsUntil)
                {
                    state.Height = message.Height;
                    Wake();
                }

                break;
            case BlockSyncKind.Request:
                await ServeAsync(peer, message.Height, message.Count).ConfigureAwait(false);
                break;
            case BlockSyncKind.Response:
                OnResponse(peer, message);
                break;
        }
    }

    private async Task ServeAsync(Peer peer, ulong from, uint count)
    {
        var head = _chain.Head.Height;
        var blocks = new List<ReadOnlyMemory<byte>>();
        var budget = peer.Connection.MaxPayloadSize - 1024;
        for (var height = from; height < from + count && height <= head; height++)
        {
            if (_chain.GetBlock(height) is not { } block)
            {
                break;
            }

            var encoded = block.Encode();

            // Always send at least one block: a block that fits no frame would stall sync forever, and the
            // frame limit is configured above the largest block.
            if (blocks.Count > 0 && encoded.Length + 8 > budget)
            {
                break;
            }

            budget -= encoded.Length + 8;
            blocks.Add(encoded);
        }

        await peer.SendAsync(Channel, ReactorCodec.EncodeRangeResponse(from, blocks)).ConfigureAwait(false);
    }

    private void OnResponse(Peer peer, BlockSyncMessage message)
    {
        lock (_lock)
        {
            if (!_requests.TryGetValue(message.Height, out var request) || request.Peer != peer)
            {
                // Late (after a timeout) or never asked for: drop it. Unasked answers cost a little.
                if (request is null)
                {
                    Report(peer, Misbehaviour.Flood);
                }

                return;
            }

            _requests.Remove(message.Height);
            if (message.Blocks.Count > request.Count)
            {
                Report(peer, Misbehaviour.InvalidMessage);
                return;
            }

            for (var i = 0; i < message.Blocks.Count; i++)
            {
                var height = message.Height + (ulong)i;
                var block = ChainPort.TryDecode(message.Blocks[i].Span, out _);
                if (block is null || block.Height != height)
                {
                    LogBadBlock(peer.ToString(), height, block is null ? "does not decode" : $"is for height {block.Height}");
                    Report(peer, Misbehaviour.InvalidBlock);
                    break;
                }

                if (height > _chain.Head.Height && _ready.TryAdd(height, (block, peer, message.Blocks[i].Length)))
                {
                    _bufferedBytes += message.Blocks[i].Length;
                }
            }

            if (message.Blocks.Count == 0 && _peers.TryGetValue(peer, out var state) && state.Height >= message.Height)
            {
                // It claimed to have these blocks but sent none: believe the answer, not the claim.
                state.Height = message.Height - 1;
            }
        }

        Wake();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var time = Network.Time;
        var lastStatus = time.GetTimestamp();
        var lastStatusHeight = _chain.Head.Height;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(_options.Tick, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            ApplyReady();
            ExpireRequests();
            ScheduleRequests();

            var head = _chain.Head;
            if (time.GetElapsedTime(lastStatus) >= _options.StatusInterval || (head.Height != lastStatusHeight && time.GetElapsedTime(lastStatus) >= _options.StatusInterval / 4))
            {
                Broadcast(ReactorCodec.EncodeSyncStatus(head.Height, head.Hash));
                lastStatus = time.GetTimestamp();
                lastStatusHeight = head.Height;
            }

            LogProgressIfDue();
        }
    }

    /// <summary>Applies buffered blocks in height order, from the one after the head.</summary>
    private void ApplyReady()
    {
        while (true)
        {
            (Block Block, Peer From, int Size) next;
            var height = _chain.Head.Height + 1;
            lock (_lock)
            {
                foreach (var stale in _ready.Keys.TakeWhile(h => h < height).ToList())
                {
                    _bufferedBytes -= _ready[stale].Size;
                    _ready.Remove(stale);
                }

                if (!_ready.Remove(height, out next))
                {
                    return;
                }

                _bufferedBytes -= next.Size;
                if (_ready.TryGetValue(height + 1, out var following) && _prefetch.IsCompleted)
                {
                    // Overlap the next block's signature checks with this block's execution and commit: sync is
                    // bound by the apply loop, and the checks are about half of it.
                    _prefetch = Task.Run(() => _chain.PrefetchSignatures(following.Block));
                }
            }

            var import = _chain.Import(next.Block);
            switch (import.Outcome)
            {
                case BlockImportOutcome.Committed:
                    Interlocked.Increment(ref _blocksSynced);
                    break;
                case BlockImportOutcome.Known:
                    break;
                case BlockImportOutcome.Invalid or BlockImportOutcome.Unlinkable:
                    // In height order on top of our head, a block that does not link or validate is the sender's
                    // fault; everything else it sent is suspect too.
                    LogBadBlock(next.From.ToString(), height, import.Reason);
                    Report(next.From, Misbehaviour.InvalidBlock);
                    DropFrom(next.From);
                    return;
                case BlockImportOutcome.Failed:
                    LogImportFailed(height, import.Reason);
                    lock (_lock)
                    {
                        _ready[height] = next;
                        _bufferedBytes += next.Size;
                    }

                    return;
            }
        }
    }

    // One pending wake-up is enough: the loop looks at everything each time it runs.
    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    private void DropFrom(Peer peer)
    {
        lock (_lock)
        {
            foreach (var (height, entry) in _ready.Where(r => r.Value.From == peer).ToList())
            {
                _bufferedBytes -= entry.Size;
                _ready.Remove(height);
            }
        }
    }

    private void ExpireRequests()
    {
        lock (_lock)
        {
            foreach (var (start, request) in _requests.Where(r => Network.Time.GetElapsedTime(r.Value.SentAt) >= _options.RequestTimeout).ToList())
            {
                _requests.Remove(start);
                LogRequestTimedOut(request.Peer.ToString(), start);

                // Do not trust a height the peer does not serve: a node that claims a far head and never answers
                // would otherwise keep this node "syncing" (and so not relaying new blocks) forever. Its claims are
                // ignored for a while; an honest but slow peer is simply not used as a source meanwhile.
                if (_peers.TryGetValue(request.Peer, out var state))
                {
                    state.IgnoreClaimsUntil = Network.Time.GetTimestamp() + (long)(_options.RequestTimeout.TotalSeconds * 3 * Network.Time.TimestampFrequency);
                    state.Height = Math.Min(state.Height, start - 1);
                }
            }
        }
    }

    /// <summary>Fills the request window with ranges above the head that are neither buffered nor asked for.</summary>
    private void ScheduleRequests()
    {
        var best = BestPeerHeight;
        var next = _chain.Head.Height + 1;
        if (best < next)
        {
            return;
        }

        var toSend = new List<(Peer Peer, ulong From, uint Count)>();
        lock (_lock)
        {
            var limit = next + (ulong)(_options.MaxRequestsInFlight * _options.RangeSize);
            var height = next;
            while (_requests.Count < _options.MaxRequestsInFlight && _bufferedBytes < _options.MaxBufferedBytes && height <= best && height < limit)
            {
                if (_ready.ContainsKey(height))
                {
                    height++;
                    continue;
                }

                if (_requests.TryGetValue(height, out var pending))
                {
                    height += Math.Max(1u, pending.Count);
                    continue;
                }

                // The range runs up to the next buffered or requested height, the best height or the range size.
                var count = 1u;
                while (count < _options.RangeSize && height + count <= best && !_ready.ContainsKey(height + count) && !_requests.ContainsKey(height + count))
                {
                    count++;
                }

                var peer = PickPeer(height + count - 1) ?? PickPeer(height);
                if (peer is null)
                {
                    break;
                }

                // Read the peer's height once: a status message may lower it meanwhile (a restarted or reorganized
                // peer), and a range computed from two different readings could be empty or wrap around, which
                // left this loop spinning on a zero-length range while holding the lock.
                var peerHeight = HeightOf(peer);
                if (peerHeight < height)
                {
                    break;
                }

                count = (uint)Math.Min(count, peerHeight - height + 1);

                _requests[height] = new PendingRange(peer, count, Network.Time.GetTimestamp());
                toSend.Add((peer, height, count));
                height += count;
            }
        }

        foreach (var (peer, from, count) in toSend)
        {
            _ = peer.SendAsync(Channel, ReactorCodec.EncodeRangeRequest(from, count));
        }
    }

    // The least busy peer that has the height, so ranges spread over peers and run in parallel.
    private Peer? PickPeer(ulong height) => _peers
        .Where(p => p.Value.Height >= height && !p.Key.Connection.IsClosed)
        .Select(p => (Peer: p.Key, Busy: _requests.Values.Count(r => r.Peer == p.Key)))
        .Where(p => p.Busy < _options.MaxRequestsPerPeer)
        .OrderBy(p => p.Busy)
        .ThenBy(p => p.Peer.Key.ToString(), StringComparer.Ordinal)
        .Select(p => p.Peer)
        .FirstOrDefault();

    private void LogProgressIfDue()
    {
        var time = Network.Time;
        var head = _chain.Head.Height;
        LogCatchUpEdges(head);
        if (time.GetElapsedTime(_lastProgressLog) < TimeSpan.FromSeconds(5) || head == _lastProgressHeight)
        {
            return;
        }

        var best = BestPeerHeight;
        if (best > head || _lastProgressHeight != 0)
        {
            LogProgress(head, Math.Max(best, head), head - _lastProgressHeight);
        }

        _lastProgressLog = time.GetTimestamp();
        _lastProgressHeight = best > head ? head : 0;
    }

    // The periodic progress line needs a catch-up longer than its interval; operators (and tests) also want to
    // see that a short one happened, so its start and end are logged once each.
    private void LogCatchUpEdges(ulong head)
    {
        var best = BestPeerHeight;
        if (_catchUpFrom is null && best > head + (ulong)_options.RangeSize)
        {
            _catchUpFrom = head;
            LogCatchUpStarted(head, best);
        }
        else if (_catchUpFrom is { } from && head >= best)
        {
            _catchUpFrom = null;
            LogCaughtUp(head, head - from);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Block sync: {Height} is behind the peers' {Best}, catching up")]
    private partial void LogCatchUpStarted(ulong height, ulong best);

    [LoggerMessage(Level = LogLevel.Information, Message = "Block sync: caught up at height {Height} (+{Blocks} blocks)")]
    private partial void LogCaughtUp(ulong height, ulong blocks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Block sync: at height {Height} of {Best} (+{Blocks} blocks)")]
    private partial void LogProgress(ulong height, ulong best, ulong blocks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Block sync: peer {Peer} served a bad block {Height}: {Reason}")]
    private partial void LogBadBlock(string peer, ulong height, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Block sync: committing block {Height} failed, will retry: {Reason}")]
    private partial void LogImportFailed(ulong height, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Block sync: peer {Peer} did not answer for range {From}")]
    private partial void LogRequestTimedOut(string peer, ulong from);

    private sealed class PeerSyncState
    {
        private long _height;
        private long _ignoreClaimsUntil;

        /// <summary>Timestamp before which the peer's height claims are not believed (it failed to serve one).</summary>
        public long IgnoreClaimsUntil
        {
            get => Interlocked.Read(ref _ignoreClaimsUntil);
            set => Interlocked.Exchange(ref _ignoreClaimsUntil, value);
        }

        public ulong Height
        {
            get => (ulong)Interlocked.Read(ref _height);
            set => Interlocked.Exchange(ref _height, (long)value);
        }
    }

    private sealed record PendingRange(Peer Peer, uint Count, long SentAt);
}
