using System.Collections.Concurrent;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Network;
using EnergyChain.P2P.Scoring;
using ThreadingChannels = System.Threading.Channels;

namespace EnergyChain.P2P.Reactors;

/// <summary>
/// Transaction gossip: new pool entries are announced by hash (batched), a peer fetches the bodies it does not
/// have from the first announcer, and each body is admitted through the mempool (which verifies it). Peers are
/// never told about a hash they announced or were sent; invalid transactions cost the sender a penalty.
/// Each peer's bodies are admitted by a loop of their own, not on its receive loop: a batch of bodies costs a
/// signature check each (and waits for the pool while a block is built or committed), and the same connection
/// carries that peer's proposals and votes, which must not queue behind it. One loop per peer keeps the peers'
/// admissions running side by side, as they did on the receive loops: a single admission queue for all peers was
/// tried and fell behind, and block validation then found about twice as many signatures not yet checked.
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

    private readonly ConcurrentDictionary<Peer, PeerGossip> _peers = new();
    private readonly ConcurrentDictionary<Hash256, long> _inFlight = new();
    private readonly BoundedHashSet _invalid;
    private Task _announceLoop = Task.CompletedTask;
    private bool _stopping;

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
        Volatile.Write(ref _stopping, true);
        _added.Writer.TryComplete();
        await _announceLoop.ConfigureAwait(false);
        foreach (var gossip in _peers.Values)
        {
            // At most the batch in hand is finished; what is still queued is dropped.
            gossip.Bodies.Writer.TryComplete();
            await gossip.Admission.ConfigureAwait(false);
        }
    }

    public override void AddPeer(Peer peer)
    {
        var bodies = ThreadingChannels.Channel.CreateBounded<IReadOnlyList<ReadOnlyMemory<byte>>>(new ThreadingChannels.BoundedChannelOptions(_options.AdmissionQueueMessages)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = ThreadingChannels.BoundedChannelFullMode.Wait,
        });
        var known = new BoundedHashSet(_options.KnownPerPeer);
        var gossip = new PeerGossip(known, bodies, Task.Run(() => AdmitLoopAsync(peer, known, bodies.Reader)));
        _peers.AddOrUpdate(peer, gossip, (_, replaced) =>
        {
            // Added twice without a removal in between: end the first admission loop rather than leak it.
            replaced.Bodies.Writer.TryComplete();
            return gossip;
        });

        // Hashes are announced once, when they enter the pool, so a peer that connects later would never hear of
        // what was pending before: a transaction submitted while its node had no peers yet (a node just started)
        // would then reach a block only if that node ever produced one. So a new peer is told the whole pool.
        _ = Task.Run(() => AnnouncePoolAsync(peer, known));
    }

    public override void RemovePeer(Peer peer)
    {
        if (_peers.TryRemove(peer, out var gossip))
        {
            // Its loop ends after the batch in hand: it stops at a closed connection.
            gossip.Bodies.Writer.TryComplete();
        }
    }

    public override async ValueTask ReceiveAsync(Peer peer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var message = ReactorCodec.DecodeTxGossip(payload.Span);
        var gossip = _peers.GetValueOrDefault(peer);
        var known = gossip?.Known;
        switch (message.Kind)
        {
            case TxGossipKind.Announce:
                await OnAnnounceAsync(peer, known, message.Hashes).ConfigureAwait(false);
                break;
            case TxGossipKind.Request:
                await OnRequestAsync(peer, message.Hashes).ConfigureAwait(false);
                break;
            case TxGossipKind.Bodies:
                if (gossip is null)
                {
                    break; // not (or no longer) a peer of this reactor
                }

                // The decoded bodies are the decoder's own copies, so they outlive this call as they are.
                try
                {
                    await gossip.Bodies.Writer.WriteAsync(message.Bodies, cancellationToken).ConfigureAwait(false);
                }
                catch (ThreadingChannels.ChannelClosedException)
                {
                    // The peer was removed or the reactor is stopping: nothing more is admitted from it.
                }

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

    /// <summary>Admits one peer's bodies in the order they came, until the peer goes or the reactor stops.</summary>
    private async Task AdmitLoopAsync(Peer peer, BoundedHashSet known, ThreadingChannels.ChannelReader<IReadOnlyList<ReadOnlyMemory<byte>>> bodies)
    {
        while (await bodies.WaitToReadAsync().ConfigureAwait(false))
        {
            while (!Volatile.Read(ref _stopping) && bodies.TryRead(out var batch))
            {
                try
                {
                    Admit(peer, known, batch);
                }
                catch (Exception ex)
                {
                    // A failure of the pool is this node's fault, not the sender's: log it and keep admitting.
                    ReportFailure(ex);
                }
            }

            if (Volatile.Read(ref _stopping))
            {
                return;
            }
        }
    }

    private void Admit(Peer peer, BoundedHashSet known, IReadOnlyList<ReadOnlyMemory<byte>> bodies)
    {
        foreach (var body in bodies)
        {
            if (peer.Connection.IsClosed)
            {
                // Disconnected (maybe for an earlier invalid body in this batch): drop the rest unread.
                return;
            }

            var outcome = _pool.Submit(body.Span, out var hash);
            known.Add(hash);
            _inFlight.TryRemove(hash, out _);
            if (outcome == TxSubmitOutcome.Invalid)
            {
                _invalid.Add(hash);
                Report(peer, Misbehaviour.InvalidMessage);
            }
        }
    }

    /// <summary>What the reactor keeps per peer: the hashes it knows, and its bodies waiting for admission.</summary>
    private sealed record PeerGossip(BoundedHashSet Known, ThreadingChannels.Channel<IReadOnlyList<ReadOnlyMemory<byte>>> Bodies, Task Admission);

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

                foreach (var (peer, gossip) in _peers)
                {
                    var fresh = batch.Where(gossip.Known.Add).ToList();
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
