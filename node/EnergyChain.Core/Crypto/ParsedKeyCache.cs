using System.Collections.Concurrent;

namespace EnergyChain.Core.Crypto;

/// <summary>
/// Successfully parsed public keys by their 33 compressed bytes, for the backends. Parsing a compressed key takes
/// a field square root, a sizeable part of a verification, and a node of a permissioned chain sees the same
/// senders again and again. Bounded: emptied whole when full (rare: more distinct senders than it holds), which
/// is cheaper than tracking recency. Parsing is a pure function of the bytes, so results are the same with or
/// without it. Capacity 0 turns it off (benchmarks measure the parse that way). Thread-safe.
/// </summary>
internal sealed class ParsedKeyCache<TParsed>
{
    public const int DefaultCapacity = 16_384;

    private readonly ConcurrentDictionary<CompressedKey, TParsed> _keys = new();
    private readonly int _capacity;
    private int _count;

    public ParsedKeyCache(int capacity)
    {
        _capacity = Math.Max(0, capacity);
    }

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(CompressedKey key, out TParsed parsed) => _keys.TryGetValue(key, out parsed!);

    public void Add(CompressedKey key, TParsed parsed)
    {
        if (_capacity == 0)
        {
            return;
        }

        if (Volatile.Read(ref _count) >= _capacity)
        {
            _keys.Clear();
            Volatile.Write(ref _count, 0);
        }

        if (_keys.TryAdd(key, parsed))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
