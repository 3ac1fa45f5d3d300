using System.Buffers;
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

        HashAllInnerNodes(_nodes);
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
            return UpdateTree(changes, mutate: false);
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
            UpdateTree(changes, mutate: true);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// The root after <paramref name="changes"/>: rehashes the touched buckets and only the tree nodes above them
    /// (a block touching a few accounts rehashes a few paths, not the whole tree). With <paramref name="mutate"/> the
    /// buckets and the tree take the new values; without, the committed tree is only read.
    /// </summary>
    private Hash256 UpdateTree(StateChanges changes, bool mutate)
    {
        var changed = changes.Accounts;
        if (changed.Count == 0)
        {
            return _nodes[1];
        }

        // Pooled: a block can touch thousands of buckets, and a fresh array that size would be a large-object
        // allocation per block, which the GC pays for with full collections.
        var dirty = ArrayPool<TreeNode>.Shared.Rent(Math.Min(changed.Count, BucketCount));
        try
        {
            var count = 0;
            var start = 0;
            while (start < changed.Count)
            {
                // Changes are sorted by address, so each bucket's changes form one contiguous run, in bucket order.
                var bucket = changed[start].Key.BucketKey(BucketBits);
                var end = start + 1;
                while (end < changed.Count && changed[end].Key.BucketKey(BucketBits) == bucket)
                {
                    end++;
                }

                var hash = mutate ? ApplyToBucket(bucket, changed, start, end) : HashMergedBucket(_buckets[bucket], changed, start, end);
                dirty[count++] = new TreeNode(BucketCount + bucket, hash);
                start = end;
            }

            return HashUpward(dirty, count, mutate);
        }
        finally
        {
            ArrayPool<TreeNode>.Shared.Return(dirty);
        }
    }

    /// <summary>
    /// Climbs from the changed nodes of one level (ascending indices) to the root, one level per pass, rewriting
    /// <paramref name="dirty"/> in place with the parents; siblings that did not change come from the committed tree.
    /// </summary>
    private Hash256 HashUpward(TreeNode[] dirty, int count, bool mutate)
    {
        while (true)
        {
            if (mutate)
            {
                for (var j = 0; j < count; j++)
                {
                    _nodes[dirty[j].Index] = dirty[j].Hash;
                }
            }

            if (dirty[0].Index == 1)
            {
                return dirty[0].Hash;
            }

            var parents = 0;
            for (var j = 0; j < count; j++)
            {
                var parent = dirty[j].Index >> 1;
                Hash256 left, right;
                if ((dirty[j].Index & 1) == 0)
                {
                    left = dirty[j].Hash;
                    var rightChanged = j + 1 < count && dirty[j + 1].Index == dirty[j].Index + 1;
                    right = rightChanged ? dirty[++j].Hash : _nodes[dirty[j].Index + 1];
                }
                else
                {
                    left = _nodes[dirty[j].Index - 1];
                    right = dirty[j].Hash;
                }

                dirty[parents++] = new TreeNode(parent, HashInner(left, right));
            }

            count = parents;
        }
    }

    private readonly record struct TreeNode(int Index, Hash256 Hash);

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

    // One per thread, reused: a block rehashes thousands of buckets, and a fresh buffer each was a quarter of
    // everything a loaded node allocated.
    [ThreadStatic]
    private static CanonicalWriter? _bucketWriter;

    private static Hash256 HashBucket(IEnumerable<KeyValuePair<Address, Account>> sortedEntries)
    {
        var writer = _bucketWriter ??= new CanonicalWriter(1024);
        writer.Reset();
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

    /// <summary>Hashes every inner node of the tree, bottom-up (only the empty tree is built this way).</summary>
    private static void HashAllInnerNodes(Hash256[] nodes)
    {
        for (var i = BucketCount - 1; i >= 1; i--)
        {
            nodes[i] = HashInner(nodes[2 * i], nodes[(2 * i) + 1]);
        }
    }

    /// <summary>An inner node: SHA-256(0x01 || left || right).</summary>
    private static Hash256 HashInner(in Hash256 left, in Hash256 right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * Hash256.Size)];
        Span<byte> digest = stackalloc byte[Hash256.Size];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Hash256.Size)..]);
        Sha256.HashData(buffer, digest);
        return new Hash256(digest);
    }
}
