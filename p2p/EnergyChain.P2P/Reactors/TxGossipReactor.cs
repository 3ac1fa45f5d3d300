using System.Collections.Concurrent;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Network;
using EnergyChain.P2P.Scoring;
using ThreadingChannels = System.Threading.Channels;

namespace EnergyChain.P2P.Reactors;

public sealed record TxGossipOptions
{
    /// <summary>How long new hashes are collected before one announce per peer goes out.</summary>
    public TimeSpan AnnounceInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>A requested body that has not arrived after this long may be requested from another peer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Hashes remembered per peer as "it has this", so it is not told again.</summary>
    public int KnownPerPeer { get; init; } = 20_000;

    /// <summary>Hashes remembered as invalid, so they are not fetched again.</summary>
    public int RememberInvalid { get; init; } = 50_000;

    /// <summary>Bytes of bodies in one answer.</summary>
    public int MaxBodiesBytes { get; init; } = 1024 * 1024;
}

/// <summary>
/// Transaction gossip: new pool entries are announced by hash (batched), a peer fetches the bodies it does not
/// have from the first announcer, and each body is admitted through the mempool (which verifies it). Peers are
/// never told about a hash they announced or were sent; invalid transactions cost the sender a penalty.
/// </summary>
public sealed class TxGossipReactor : Reactor
{
    private readonly ITxPoolPort _pool;
    private readonly TxGossipOptions _options;
    /// <summary>Hashes waiting for the announce loop; beyond this many, new ones are not announced (best effort).</summary>
    private const int MaxQueuedAnnouncements = 65_536;

    // Every admitted transaction (API threads, gossip threads) writes here: the single-reader unbounded channel
    // takes no lock on that path, unlike a bounded one, which serialized all admissions on its monitor.
    private readonly ThreadingChannels.Channel<Hash256> _added = ThreadingChannels.Channel.CreateUnbounded<Hash256>(new ThreadingChannels.UnboundedChannelOptions
    {
        SingleReader = true,
    });

    private int _queuedAnnouncements;

    private readonly ConcurrentDictionary<Peer, BoundedHashSet> _known = new();
    private readonly ConcurrentDictionary<Hash256, long> _inFlight = new();
    private readonly BoundedHashSet _invalid;
    private Task _announceLoop = Task.CompletedTask;

    public TxGossipReactor(ITxPoolPort pool, TxGossipOptions? options = null)
    {
        _pool = pool;
        _options = options ?? new TxGossipOptions();
        _invalid = new BoundedHashSet(_options.RememberInvalid);
    }

    public override ChannelId Channel => ChannelId.TxGossip;

    public override RateLimit MessageRate => new(2_000, 10_000);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _pool.TransactionAdded += OnTransactionAdded;
        _announceLoop = Task.Run(() => AnnounceLoopAsync(cancellationToken), CancellationToken.None);
        return Task.CompletedTask;
    }

    public override async Task StopAsync()
    {
        _pool.TransactionAdded -= OnTransactionAdded;
        _added.Writer.TryComplete();
        await _announceLoop.ConfigureAwait(false);
    }

    public override void AddPeer(Peer peer)
    {
        var known = new BoundedHashSet(_options.KnownPerPeer);
        _known[peer] = known;

        // Hashes are announced once, when they enter the pool, so a peer that connects later would never hear of
        // what was pending before: a transaction submitted while its node had no peers yet (a node just started)
        // would then reach a block only if that node ever produced one. So a new peer is told the whole pool.
        _ = Task.Run(() => AnnouncePoolAsync(peer, known));
    }

    public override void RemovePeer(Peer peer) => _known.TryRemove(peer, out _);

    public override async ValueTask ReceiveAsync(Peer peer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var message = ReactorCodec.DecodeTxGossip(payload.Span);
        var known = _known.GetValueOrDefault(peer);
        switch (message.Kind)
        {
            case TxGossipKind.Announce:
                await OnAnnounceAsync(peer, known, message.Hashes).ConfigureAwait(false);
                break;
            case TxGossipKind.Request:
                await OnRequestAsync(peer, message.Hashes).ConfigureAwait(false);
                break;
            case TxGossipKind.Bodies:
                OnBodies(peer, known, message.Bodies);
                break;
        }
    }

    private void OnTransactionAdded(Hash256 hash)
    {
        if (Interlocked.Increment(ref _queuedAnnouncements) > MaxQueuedAnnouncements || !_added.Writer.TryWrite(hash))
        {
            Interlocked.Decrement(ref _queuedAnnouncements);
        }
    }

    private async Task OnAnnounceAsync(Peer peer, BoundedHashSet? known, IReadOnlyList<Hash256> hashes)
    {
        var now = Network.Time.GetTimestamp();
        var wanted = new List<Hash256>();
        foreach (var hash in hashes)
        {
            known?.Add(hash);
            if (_pool.Contains(hash) || _invalid.Contains(hash))
            {
                continue;
            }

            // Ask only one peer at a time for a body; after the timeout the next announcer is asked.
            if (_inFlight.TryGetValue(hash, out var since) && Network.Time.GetElapsedTime(since, now) < _options.RequestTimeout)
            {
                continue;
            }

            _inFlight[hash] = now;
            wanted.Add(hash);
        }

        if (wanted.Count > 0)
        {
            await peer.SendAsync(Channel, ReactorCodec.EncodeTxRequest(wanted)).ConfigureAwait(false);
        }

        if (_inFlight.Count > 100_000)
        {
            foreach (var stale in _inFlight.Where(e => Network.Time.GetElapsedTime(e.Value, now) >= _options.RequestTimeout).Select(e => e.Key).ToList())
            {
                _inFlight.TryRemove(stale, out _);
            }
        }
    }

    private async Task OnRequestAsync(Peer peer, IReadOnlyList<Hash256> hashes)
    {
        var batch = new List<ReadOnlyMemory<byte>>();
        var bytes = 0;
        foreach (var hash in hashes)
        {
            if (_pool.GetEncoded(hash) is not { } body)
            {
                continue;
            }

            if (bytes + body.Length > _options.MaxBodiesBytes && batch.Count > 0)
            {
                await peer.SendAsync(Channel, ReactorCodec.EncodeTxBodies(batch)).ConfigureAwait(false);
                batch.Clear();
                bytes = 0;
            }

            batch.Add(body);
            bytes += body.Length;
        }

        if (batch.Count > 0)
        {
            await peer.SendAsync(Channel, ReactorCodec.EncodeTxBodies(batch)).ConfigureAwait(false);
        }
    }

    private void OnBodies(Peer peer, BoundedHashSet? known, IReadOnlyList<ReadOnlyMemory<byte>> bodies)
    {
        foreach (var body in bodies)
        {
            var outcome = _pool.Submit(body.Span, out var hash);
            known?.Add(hash);
            _inFlight.TryRemove(hash, out _);
            if (outcome == TxSubmitOutcome.Invalid)
            {
                _invalid.Add(hash);
                Report(peer, Misbehaviour.InvalidMessage);
                if (peer.Connection.IsClosed)
                {
                    return;
                }
            }
        }
    }

    private async Task AnnouncePoolAsync(Peer peer, BoundedHashSet known)
    {
        try
        {
            foreach (var chunk in _pool.PendingHashes().Where(known.Add).Chunk(ReactorCodec.MaxHashesPerMessage))
            {
                if (!await peer.SendAsync(Channel, ReactorCodec.EncodeTxAnnounce(chunk)).ConfigureAwait(false))
                {
                    return; // disconnected meanwhile
                }
            }
        }
        catch (Exception ex)
        {
            // Nobody awaits this task: a failure here is logged, and the peer still hears of new transactions.
            ReportFailure(ex);
        }
    }

    private async Task AnnounceLoopAsync(CancellationToken cancellationToken)
    {
        var batch = new List<Hash256>();
        try
        {
            while (await _added.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // Collect for a moment so a burst of submissions becomes a few large announces.
                await Task.Delay(_options.AnnounceInterval, Network.Time, cancellationToken).ConfigureAwait(false);
                while (batch.Count < ReactorCodec.MaxHashesPerMessage && _added.Reader.TryRead(out var hash))
                {
                    Interlocked.Decrement(ref _queuedAnnouncements);
                    batch.Add(hash);
                }

                foreach (var (peer, known) in _known)
                {
                    var fresh = batch.Where(known.Add).ToList();
                    if (fresh.Count > 0)
                    {
                        await peer.SendAsync(Channel, ReactorCodec.EncodeTxAnnounce(fresh)).ConfigureAwait(false);
                    }
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
