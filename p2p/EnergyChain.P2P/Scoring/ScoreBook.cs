namespace EnergyChain.P2P.Scoring;

/// <summary>
/// Misbehaviour scores per key. Reaching the threshold bans the key for the ban duration; when the ban
/// ends the score starts again from zero. Bounded by <see cref="PeerScoreOptions.MaxEntries"/>. Thread-safe.
/// </summary>
public abstract class ScoreBook<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> _entries = [];
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;

    protected ScoreBook(PeerScoreOptions? options, TimeProvider? timeProvider)
    {
        Options = options ?? new PeerScoreOptions();
        _time = timeProvider ?? TimeProvider.System;
    }

    public PeerScoreOptions Options { get; }

    /// <summary>Entries held (banned or with a score).</summary>
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

    /// <summary>Adds the penalty; returns true when the peer is (now or already) banned.</summary>
    public bool Report(TKey peer, Misbehaviour misbehaviour)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var entry = Current(peer, now, create: true)!;
            if (entry.BannedUntil is not null)
            {
                return true;
            }

            entry.Score += Options.PenaltyFor(misbehaviour);
            if (entry.Score >= Options.BanThreshold)
            {
                entry.BannedUntil = now + Options.BanDuration;
                return true;
            }

            return false;
        }
    }

    public bool IsBanned(TKey peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_lock)
        {
            return Current(peer, _time.GetUtcNow(), create: false)?.BannedUntil is not null;
        }
    }

    public int ScoreOf(TKey peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_lock)
        {
            return Current(peer, _time.GetUtcNow(), create: false)?.Score ?? 0;
        }
    }

    public DateTimeOffset? BannedUntil(TKey peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_lock)
        {
            return Current(peer, _time.GetUtcNow(), create: false)?.BannedUntil;
        }
    }

    // Queries never add entries, so looking up strangers cannot grow the book.
    private Entry? Current(TKey peer, DateTimeOffset now, bool create)
    {
        if (!_entries.TryGetValue(peer, out var entry))
        {
            if (!create)
            {
                return null;
            }

            if (_entries.Count >= Options.MaxEntries)
            {
                Prune(now);
            }

            entry = new Entry { UpdatedAt = now };
            _entries[peer] = entry;
        }
        else if (entry.BannedUntil is { } until)
        {
            if (now >= until)
            {
                entry.BannedUntil = null;
                entry.Score = 0;
                entry.UpdatedAt = now;
            }
        }
        else if (entry.Score > 0 && Options.DecayPerMinute > 0)
        {
            var minutes = (long)(now - entry.UpdatedAt).TotalMinutes;
            if (minutes > 0)
            {
                entry.Score = (int)Math.Max(0, entry.Score - Math.Min(minutes * Options.DecayPerMinute, int.MaxValue));
                entry.UpdatedAt += TimeSpan.FromMinutes(minutes);
            }
        }

        return entry;
    }

    // Forgets entries that are not banned (their small scores are cheap to lose); if every entry is a live
    // ban, forgets the one that expires first.
    private void Prune(DateTimeOffset now)
    {
        var unbanned = _entries.Where(e => e.Value.BannedUntil is null || now >= e.Value.BannedUntil).Select(e => e.Key).ToList();
        foreach (var key in unbanned)
        {
            _entries.Remove(key);
        }

        if (_entries.Count >= Options.MaxEntries)
        {
            _entries.Remove(_entries.MinBy(e => e.Value.BannedUntil!.Value).Key);
        }
    }

    private sealed class Entry
    {
        public int Score { get; set; }

        public DateTimeOffset? BannedUntil { get; set; }

        /// <summary>Decay is counted from here.</summary>
        public DateTimeOffset UpdatedAt { get; set; }
    }
}
