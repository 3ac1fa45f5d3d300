using System.Collections.Concurrent;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Crypto;

/// <summary>
/// Verifies transaction signatures at most once per node: a transaction's hash covers its signature, so a
/// hash that verified once stays verified. The mempool fills the cache on admission and block validation
/// then only checks what it has not seen, in parallel across cores.
/// </summary>
public sealed class SignatureVerifier
{
    private const int MinBatchForParallel = 64;
    private const int ChunkSize = 128;

    private readonly ISecp256k1 _crypto;
    private readonly int _generationCapacity;
    private readonly Lock _lock = new();

    // Two generations give a bounded cache with cheap eviction: when the current one fills up the older
    // one is dropped whole. Written under _lock; read without it (every admission and every block asks).
    private volatile ConcurrentDictionary<Hash256, byte> _current = new();
    private volatile ConcurrentDictionary<Hash256, byte> _previous = new();
    private int _currentCount;

    public SignatureVerifier(ISecp256k1 crypto, int cacheCapacity = 400_000)
    {
        _crypto = crypto;
        _generationCapacity = Math.Max(1, cacheCapacity / 2);
    }

    public ISecp256k1 Crypto => _crypto;

    public bool IsKnownValid(Hash256 txHash) => _current.ContainsKey(txHash) || _previous.ContainsKey(txHash);

    public bool Verify(Transaction tx)
    {
        if (IsKnownValid(tx.Hash))
        {
            return true;
        }

        if (!VerifyUncached(tx))
        {
            return false;
        }

        Remember(tx.Hash);
        return true;
    }

    /// <summary>
    /// Verifies every transaction not already known to be valid, spread over all cores.
    /// Returns the index of the first invalid transaction, or -1 when all are valid.
    /// </summary>
    public int VerifyBatch(IReadOnlyList<Transaction> transactions)
    {
        var pending = new List<int>();
        for (var i = 0; i < transactions.Count; i++)
        {
            if (!IsKnownValid(transactions[i].Hash))
            {
                pending.Add(i);
            }
        }

        if (pending.Count == 0)
        {
            return -1;
        }

        var valid = new bool[pending.Count];
        if (pending.Count < MinBatchForParallel)
        {
            for (var j = 0; j < pending.Count; j++)
            {
                valid[j] = VerifyUncached(transactions[pending[j]]);
            }
        }
        else
        {
            // Small contiguous chunks handed out on demand: ~5 ms of work each, so scheduling costs nothing
            // next to ~40 us per verify, and a core slowed by other work delays the batch by one chunk at most.
            var chunks = (pending.Count + ChunkSize - 1) / ChunkSize;
            Parallel.For(0, chunks, chunk =>
            {
                var end = Math.Min(pending.Count, (chunk + 1) * ChunkSize);
                for (var j = chunk * ChunkSize; j < end; j++)
                {
                    valid[j] = VerifyUncached(transactions[pending[j]]);
                }
            });
        }

        var firstInvalid = -1;
        lock (_lock)
        {
            for (var j = 0; j < pending.Count; j++)
            {
                if (valid[j])
                {
                    RememberLocked(transactions[pending[j]].Hash);
                }
                else if (firstInvalid < 0)
                {
                    firstInvalid = pending[j];
                }
            }
        }

        return firstInvalid;
    }

    private bool VerifyUncached(Transaction tx)
    {
        Span<byte> hash = stackalloc byte[Hash256.Size];
        tx.SigningHash.CopyTo(hash);
        return _crypto.Verify(tx.Sender.Span, hash, tx.Signature);
    }

    private void Remember(Hash256 hash)
    {
        lock (_lock)
        {
            RememberLocked(hash);
        }
    }

    private void RememberLocked(Hash256 hash)
    {
        if (_currentCount >= _generationCapacity)
        {
            // A reader racing this rollover may miss a hash it would have found; that only costs it one
            // more verification, never a wrong answer.
            var full = _current;
            _current = new ConcurrentDictionary<Hash256, byte>();
            _previous = full;
            _currentCount = 0;
        }

        if (_current.TryAdd(hash, 0))
        {
            _currentCount++;
        }
    }
}
