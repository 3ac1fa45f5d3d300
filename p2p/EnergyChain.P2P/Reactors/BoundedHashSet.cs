using EnergyChain.Core.Crypto;

namespace EnergyChain.P2P.Reactors;

/// <summary>
/// A set of hashes that forgets the oldest once full: "have I seen this?" caches whose memory must stay bounded
/// whatever peers send. Thread-safe.
/// </summary>
public sealed class BoundedHashSet
{
    private readonly HashSet<Hash256> _set = [];
    private readonly Queue<Hash256> _order = new();
    private readonly Lock _lock = new();
    private readonly int _capacity;

    public BoundedHashSet(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _set.Count;
            }
        }
    }

    /// <summary>Adds the hash; false when it was already there.</summary>
    public bool Add(Hash256 hash)
    {
        lock (_lock)
        {
            if (!_set.Add(hash))
            {
                return false;
            }

            _order.Enqueue(hash);
            if (_order.Count > _capacity)
            {
                _set.Remove(_order.Dequeue());
            }

            return true;
        }
    }

    public bool Contains(Hash256 hash)
    {
        lock (_lock)
        {
            return _set.Contains(hash);
        }
    }
}
