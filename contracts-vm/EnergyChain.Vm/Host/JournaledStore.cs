namespace EnergyChain.Vm.Host;

/// <summary>
/// A tiny in-memory key-value store with an undo journal, for hosts and tests: take a <see cref="Checkpoint"/>
/// before a call, <see cref="RollbackTo"/> it when the call ends in anything but Ok (the VM never undoes host
/// effects itself), <see cref="Commit"/> once the block is final. Keys are ordered byte-wise, so enumeration
/// order is the same on every node.
/// </summary>
public sealed class JournaledStore
{
    private readonly SortedDictionary<byte[], byte[]> _values = new(ByteComparer.Instance);
    private readonly List<(byte[] Key, byte[]? Old)> _journal = [];

    public int Count => _values.Count;

    /// <summary>Entries in byte-wise key order.</summary>
    public IEnumerable<KeyValuePair<byte[], byte[]>> Entries => _values;

    public byte[]? Get(ReadOnlySpan<byte> key) => _values.TryGetValue(key.ToArray(), out var v) ? v : null;

    public void Put(ReadOnlySpan<byte> key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var k = key.ToArray();
        _journal.Add((k, _values.TryGetValue(k, out var old) ? old : null));
        _values[k] = value;
    }

    public void Delete(ReadOnlySpan<byte> key)
    {
        var k = key.ToArray();
        if (_values.Remove(k, out var old))
        {
            _journal.Add((k, old));
        }
    }

    /// <summary>A position in the journal to roll back to.</summary>
    public int Checkpoint() => _journal.Count;

    /// <summary>Undoes every change made since <paramref name="checkpoint"/>, newest first.</summary>
    public void RollbackTo(int checkpoint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(checkpoint);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(checkpoint, _journal.Count);
        for (var i = _journal.Count - 1; i >= checkpoint; i--)
        {
            var (key, old) = _journal[i];
            if (old is null)
            {
                _values.Remove(key);
            }
            else
            {
                _values[key] = old;
            }
        }

        _journal.RemoveRange(checkpoint, _journal.Count - checkpoint);
    }

    /// <summary>Forgets the journal: the changes can no longer be rolled back.</summary>
    public void Commit() => _journal.Clear();

    private sealed class ByteComparer : IComparer<byte[]>
    {
        public static readonly ByteComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
