namespace EnergyChain.Consensus.Engine;

/// <summary>A bounded, thread-safe <see cref="IEvidencePool"/> in memory; the oldest offences go first when full.</summary>
public sealed class InMemoryEvidencePool(int capacity = 10_000) : IEvidencePool
{
    private readonly Lock _lock = new();
    private readonly SortedSet<Offence> _pending = new(OffenceOrder.Instance);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public bool Add(Offence offence)
    {
        ArgumentNullException.ThrowIfNull(offence);
        lock (_lock)
        {
            if (!_pending.Add(offence))
            {
                return false;
            }

            while (_pending.Count > capacity)
            {
                _pending.Remove(_pending.Min!);
            }

            return _pending.Contains(offence);
        }
    }

    public IReadOnlyList<Offence> Pending(int max)
    {
        lock (_lock)
        {
            return [.. _pending.Take(Math.Max(0, max))];
        }
    }

    public void Remove(IEnumerable<Offence> committed, ulong prunedHeight = 0)
    {
        lock (_lock)
        {
            foreach (var offence in committed)
            {
                _pending.Remove(offence);
            }

            _pending.RemoveWhere(o => o.Height <= prunedHeight);
        }
    }
}

/// <summary>Canonical order of offences: height, round, offender key bytes, reason.</summary>
public sealed class OffenceOrder : IComparer<Offence>
{
    public static OffenceOrder Instance { get; } = new();

    public int Compare(Offence? x, Offence? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var c = x.Height.CompareTo(y.Height);
        if (c == 0)
        {
            c = x.Round.CompareTo(y.Round);
        }

        if (c == 0)
        {
            c = x.Offender.Span.SequenceCompareTo(y.Offender.Span);
        }

        return c != 0 ? c : x.Reason.CompareTo(y.Reason);
    }
}
