using EnergyChain.Core.Crypto;

namespace EnergyChain.P2P.Network;

/// <summary>
/// Addresses this node may dial, with per-address reconnect backoff. Bootstrap addresses are persistent: they
/// are redialed forever. Learned addresses (peer exchange, mDNS) are dropped after repeated failures and are
/// bounded in number. Thread-safe.
/// </summary>
public sealed class AddressBook
{
    private readonly Dictionary<PeerAddress, Entry> _entries = [];
    private readonly Lock _lock = new();
    private readonly PeerNetworkOptions _options;

    public AddressBook(PeerNetworkOptions options)
    {
        _options = options;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Adds an address (no-op when known, except that it can become persistent or learn its key).</summary>
    public bool Add(PeerAddress address, PublicKey? key, bool persistent)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(address, out var existing))
            {
                existing.Persistent |= persistent;
                existing.Key ??= key;
                return false;
            }

            if (!persistent && _entries.Count >= _options.MaxAddresses)
            {
                return false;
            }

            _entries[address] = new Entry(address) { Key = key, Persistent = persistent };
            return true;
        }
    }

    public IReadOnlyList<(PeerAddress Address, PublicKey? Key)> Snapshot()
    {
        lock (_lock)
        {
            return _entries.Values.Where(e => !e.IsSelf).OrderBy(e => e.Address.ToString(), StringComparer.Ordinal)
                .Select(e => (e.Address, e.Key)).ToList();
        }
    }

    /// <summary>Addresses whose backoff has passed and that are not being dialed or connected, oldest attempt first.</summary>
    internal List<PeerAddress> TakeDue(DateTimeOffset now, int max, Func<PublicKey, bool> isConnected)
    {
        lock (_lock)
        {
            var due = _entries.Values
                .Where(e => !e.IsSelf && !e.Dialing && !e.Connected && e.NextAttempt <= now && (e.Key is null || !isConnected(e.Key)))
                .OrderBy(e => e.NextAttempt)
                .Take(max)
                .ToList();
            foreach (var entry in due)
            {
                entry.Dialing = true;
            }

            return due.Select(e => e.Address).ToList();
        }
    }

    internal void OnConnected(PeerAddress address, PublicKey key, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(address, out var entry))
            {
                entry.Dialing = false;
                entry.Connected = true;
                entry.Key = key;
                entry.ConnectedAt = now;
            }
        }
    }

    /// <summary>A dial failed or a connection from a dial ended: schedule the next attempt with backoff.</summary>
    internal void OnDialFailed(PeerAddress address, DateTimeOffset now, bool isSelf = false)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(address, out var entry))
            {
                return;
            }

            entry.Dialing = false;
            entry.IsSelf |= isSelf;
            entry.Failures++;
            if (!entry.Persistent && entry.Failures >= _options.MaxDialFailures)
            {
                _entries.Remove(address);
                return;
            }

            entry.NextAttempt = now + Backoff(entry.Failures);
        }
    }

    internal void OnDisconnected(PeerAddress address, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(address, out var entry))
            {
                return;
            }

            entry.Connected = false;
            entry.Dialing = false;

            // A connection that lasted resets the backoff; one that keeps dropping right away backs off further.
            entry.Failures = now - entry.ConnectedAt >= TimeSpan.FromMinutes(1) ? 0 : entry.Failures + 1;
            entry.NextAttempt = now + Backoff(entry.Failures);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var min = _options.ReconnectMinDelay;
        var factor = Math.Pow(2, Math.Min(Math.Max(failures - 1, 0), 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(min.Ticks * factor, _options.ReconnectMaxDelay.Ticks));

        // Jitter (up to +25 %) so that nodes restarted together do not redial in lockstep.
        return delay + TimeSpan.FromTicks((long)(delay.Ticks * 0.25 * Random.Shared.NextDouble()));
    }

    private sealed class Entry(PeerAddress address)
    {
        public PeerAddress Address { get; } = address;

        public PublicKey? Key { get; set; }

        public bool Persistent { get; set; }

        public bool IsSelf { get; set; }

        public bool Dialing { get; set; }

        public bool Connected { get; set; }

        public int Failures { get; set; }

        public DateTimeOffset NextAttempt { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset ConnectedAt { get; set; }
    }
}
