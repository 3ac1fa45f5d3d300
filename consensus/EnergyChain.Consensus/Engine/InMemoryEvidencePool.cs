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
