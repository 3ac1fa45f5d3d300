using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.State;

/// <summary>
/// The committed account state, held in memory, with an incrementally maintained state root.
/// <para>
/// Root construction: accounts fall into 4,096 buckets by the top 12 bits of their address (addresses are
/// hashes, so buckets fill evenly). A bucket's hash is SHA-256 over its accounts in address order, each as
/// address || account encoding; the root is a complete binary Merkle tree over the 4,096 bucket hashes
/// (inner node = SHA-256(0x01 || left || right)). A block only rehashes the buckets it touched plus the
/// tree above them, and every node recomputes the same root from the same accounts. Empty accounts are
/// removed, so "never touched" and "all zero" hash the same.
/// </para>
/// Thread-safe: readers share a lock that <see cref="Apply"/> takes exclusively.
/// </summary>
public sealed class LedgerState : IStateReader
{
    public const int BucketBits = 12;
    public const int BucketCount = 1 << BucketBits;

    private static readonly Hash256 EmptyBucketHash = Hash256.Compute([]);

    private readonly Dictionary<Address, Account> _accounts = new();
    private readonly SortedDictionary<Address, Account>?[] _buckets = new SortedDictionary<Address, Account>?[BucketCount];

    // Heap-ordered tree: _nodes[1] is the root, _nodes[BucketCount + b] the hash of bucket b.
    private readonly Hash256[] _nodes = new Hash256[2 * BucketCount];
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    public LedgerState()
    {
        for (var b = 0; b < BucketCount; b++)
        {
            _nodes[BucketCount + b] = EmptyBucketHash;
        }

        RecomputeInnerNodes(_nodes, BucketCount / 2, BucketCount - 1);
    }

    public Hash256 Root
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _nodes[1];
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public int AccountCount
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _accounts.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public static LedgerState FromAccounts(IEnumerable<KeyValuePair<Address, Account>> accounts)
    {
        var state = new LedgerState();
        state.Apply(StateChanges.FromUnsorted(accounts));
        return state;
    }

    public Account GetAccount(Address address)
    {
        _lock.EnterReadLock();
        try
        {
            return _accounts.GetValueOrDefault(address);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>All non-empty accounts in address order (a copy).</summary>
    public List<KeyValuePair<Address, Account>> SnapshotAccounts()
    {
        _lock.EnterReadLock();
        try
        {
            var list = _accounts.ToList();
            list.Sort((a, b) => a.Key.CompareTo(b.Key));
            return list;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The root the state would have after <paramref name="changes"/>, without applying them.</summary>
    public Hash256 ComputeRootWith(StateChanges changes)
    {
        if (changes.Accounts.Count == 0)
        {
            return Root;
        }

        _lock.EnterReadLock();
        try
        {
            var nodes = (Hash256[])_nodes.Clone();
            UpdateTree(nodes, changes, mutateBuckets: false);
            return nodes[1];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Applies committed changes. Only the chain's commit path calls this, after the store commit.</summary>
    public void Apply(StateChanges changes)
    {
        _lock.EnterWriteLock();
        try
        {
            UpdateTree(_nodes, changes, mutateBuckets: true);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void UpdateTree(Hash256[] nodes, StateChanges changes, bool mutateBuckets)
    {
        var changed = changes.Accounts;
        var minDirty = int.MaxValue;
        var maxDirty = -1;
        var start = 0;
        while (start < changed.Count)
        {
            // Changes are sorted by address, so each bucket's changes form one contiguous run.
            var bucket = changed[start].Key.BucketKey(BucketBits);
            var end = start + 1;
            while (end < changed.Count && changed[end].Key.BucketKey(BucketBits) == bucket)
            {
                end++;
            }

            nodes[BucketCount + bucket] = mutateBuckets
                ? ApplyToBucket(bucket, changed, start, end)
                : HashMergedBucket(_buckets[bucket], changed, start, end);
            minDirty = Math.Min(minDirty, bucket);
            maxDirty = Math.Max(maxDirty, bucket);
            start = end;
        }

        if (maxDirty >= 0)
        {
            RecomputeInnerNodes(nodes, (BucketCount + minDirty) >> 1, (BucketCount + maxDirty) >> 1);
        }
    }

    private Hash256 ApplyToBucket(int bucket, IReadOnlyList<KeyValuePair<Address, Account>> changed, int start, int end)
    {
        var entries = _buckets[bucket] ??= new SortedDictionary<Address, Account>();
        for (var i = start; i < end; i++)
        {
            var (address, account) = (changed[i].Key, changed[i].Value);
            if (account.IsEmpty)
            {
                entries.Remove(address);
                _accounts.Remove(address);
            }
            else
            {
                entries[address] = account;
                _accounts[address] = account;
            }
        }

        return HashBucket(entries);
    }

    private static Hash256 HashBucket(IEnumerable<KeyValuePair<Address, Account>> sortedEntries)
    {
        var writer = new CanonicalWriter(1024);
        Span<byte> address = stackalloc byte[Address.Size];
        foreach (var (key, account) in sortedEntries)
        {
            key.CopyTo(address);
            writer.WriteFixed(address);
            account.Write(writer);
        }

        return Hash256.Compute(writer.WrittenSpan);
    }

    private static Hash256 HashMergedBucket(
        SortedDictionary<Address, Account>? existing, IReadOnlyList<KeyValuePair<Address, Account>> changed, int start, int end)
    {
        return HashBucket(Merge(existing ?? [], changed, start, end));

        static IEnumerable<KeyValuePair<Address, Account>> Merge(
            IEnumerable<KeyValuePair<Address, Account>> existing, IReadOnlyList<KeyValuePair<Address, Account>> changed, int start, int end)
        {
            var i = start;
            foreach (var entry in existing)
            {
                while (i < end && changed[i].Key.CompareTo(entry.Key) < 0)
                {
                    if (!changed[i].Value.IsEmpty)
                    {
                        yield return changed[i];
                    }

                    i++;
                }

                if (i < end && changed[i].Key == entry.Key)
                {
                    if (!changed[i].Value.IsEmpty)
                    {
                        yield return changed[i];
                    }

                    i++;
                }
                else
                {
                    yield return entry;
                }
            }

            for (; i < end; i++)
            {
                if (!changed[i].Value.IsEmpty)
                {
                    yield return changed[i];
                }
            }
        }
    }

    /// <summary>
    /// Rehashes the inner nodes [from, to] (all on one level) and every ancestor, bottom-up, level by level.
    /// </summary>
    private static void RecomputeInnerNodes(Hash256[] nodes, int from, int to)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * Hash256.Size)];
        Span<byte> digest = stackalloc byte[Hash256.Size];
        buffer[0] = 0x01;
        while (from >= 1)
        {
            for (var i = from; i <= to; i++)
            {
                nodes[2 * i].CopyTo(buffer[1..]);
                nodes[(2 * i) + 1].CopyTo(buffer[(1 + Hash256.Size)..]);
                Sha256.HashData(buffer, digest);
                nodes[i] = new Hash256(digest);
            }

            if (from == 1)
            {
                break;
            }

            from >>= 1;
            to >>= 1;
        }
    }
}
