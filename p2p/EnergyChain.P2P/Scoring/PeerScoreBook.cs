using EnergyChain.Core.Crypto;

namespace EnergyChain.P2P.Scoring;

public enum Misbehaviour
{
    /// <summary>A malformed frame or one that fails session authentication.</summary>
    InvalidFrame,

    /// <summary>An authenticated message that does not decode or makes no sense.</summary>
    InvalidMessage,

    /// <summary>More messages than the channel allows.</summary>
    Flood,
}

public sealed record PeerScoreOptions
{
    /// <summary>Score at or above which a peer is banned.</summary>
    public int BanThreshold { get; init; } = 100;

    public TimeSpan BanDuration { get; init; } = TimeSpan.FromMinutes(10);

    public int InvalidFramePenalty { get; init; } = 100;

    public int InvalidMessagePenalty { get; init; } = 20;

    public int FloodPenalty { get; init; } = 10;

    public int PenaltyFor(Misbehaviour misbehaviour) => misbehaviour switch
    {
        Misbehaviour.InvalidFrame => InvalidFramePenalty,
        Misbehaviour.InvalidMessage => InvalidMessagePenalty,
        Misbehaviour.Flood => FloodPenalty,
        _ => throw new ArgumentOutOfRangeException(nameof(misbehaviour), misbehaviour, null),
    };
}

/// <summary>
/// Misbehaviour scores per node key. Reaching the threshold bans the key for the ban duration; when the ban
/// ends the score starts again from zero. Thread-safe.
/// </summary>
public sealed class PeerScoreBook
{
    private readonly Dictionary<PublicKey, Entry> _entries = [];
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;

    public PeerScoreBook(PeerScoreOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new PeerScoreOptions();
        _time = timeProvider ?? TimeProvider.System;
    }

    public PeerScoreOptions Options { get; }

    /// <summary>Adds the penalty; returns true when the peer is (now or already) banned.</summary>
    public bool Report(PublicKey peer, Misbehaviour misbehaviour)
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

    public bool IsBanned(PublicKey peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_lock)
        {
            return Current(peer, _time.GetUtcNow(), create: false)?.BannedUntil is not null;
        }
    }

    public int ScoreOf(PublicKey peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_lock)
        {
            return Current(peer, _time.GetUtcNow(), create: false)?.Score ?? 0;
        }
    }

    public DateTimeOffset? BannedUntil(PublicKey peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_lock)
        {
            return Current(peer, _time.GetUtcNow(), create: false)?.BannedUntil;
        }
    }

    // Queries never add entries, so looking up strangers cannot grow the book.
    private Entry? Current(PublicKey peer, DateTimeOffset now, bool create)
    {
        if (!_entries.TryGetValue(peer, out var entry))
        {
            if (!create)
            {
                return null;
            }

            entry = new Entry();
            _entries[peer] = entry;
        }
        else if (entry.BannedUntil is { } until && now >= until)
        {
            entry.BannedUntil = null;
            entry.Score = 0;
        }

        return entry;
    }

    private sealed class Entry
    {
        public int Score { get; set; }

        public DateTimeOffset? BannedUntil { get; set; }
    }
}
