using System.Collections.Concurrent;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Mempool;

/// <summary>
/// Pending transactions. Admission decodes, runs the stateless checks, verifies the signature (once: the
/// verifier caches it for block validation), then checks the nonce and what the sender can afford against
/// the committed state. Transactions are kept per sender in nonce order; the pool is capped by count and
/// bytes, and when full a better-paying transaction evicts the cheapest sender tail.
/// Committed blocks remove their transactions and anything their nonces made stale.
/// Thread-safe; signature checks run outside the lock.
/// </summary>
public sealed partial class TxPool
{
    private readonly Blockchain _chain;
    private readonly TxPoolOptions _options;
    private readonly Lock _lock = new();

    // Written only under _lock; read without it by Contains and Get, which every submission and every gossip
    // announce call, so that they never queue behind a block selection or another admission.
    private readonly ConcurrentDictionary<Hash256, PoolEntry> _byHash = new();
    private int _count;
    private readonly Dictionary<Crypto.Address, SortedList<ulong, PoolEntry>> _bySender = new();
    private long _bytes;
    private long _sequence;

    /// <summary>Raised after a transaction entered the pool (from any source), outside the pool's lock.</summary>
    public event Action<Transaction>? TransactionAdded;

    public TxPool(Blockchain chain, TxPoolOptions? options = null)
    {
        _chain = chain;
        _options = options ?? new TxPoolOptions();
        chain.BlockCommitted += (block, _) => RemoveCommitted(block);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public bool Contains(Hash256 hash) => _byHash.ContainsKey(hash);

    public Transaction? Get(Hash256 hash) => _byHash.TryGetValue(hash, out var entry) ? entry.Tx : null;

    /// <summary>
    /// How many of the sender's pending transactions continue gap-free from <paramref name="accountNonce"/>:
    /// the sender's next free nonce is <c>accountNonce + PendingRun(...)</c>.
    /// </summary>
    public int PendingRun(Crypto.Address sender, ulong accountNonce)
    {
        lock (_lock)
        {
            if (!_bySender.TryGetValue(sender, out var pending))
            {
                return 0;
            }

            var run = 0;
            while (pending.ContainsKey(accountNonce + (ulong)run))
            {
                run++;
            }

            return run;
        }
    }

    /// <summary>The hashes of every pending transaction, oldest first (what a newly connected peer is told about).</summary>
    public List<Hash256> PendingHashes()
    {
        lock (_lock)
        {
            return _bySender.Values.SelectMany(pending => pending.Values).OrderBy(entry => entry.Sequence).Select(entry => entry.Tx.Hash).ToList();
        }
    }

    /// <summary>Admits raw bytes from a client or peer; malformed bytes are a typed rejection, never an exception.</summary>
    public TxAdmission Add(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length > Transaction.MaxEncodedSize)
        {
            return Reject(Hash256.Zero, TxError.TooLarge, $"{encoded.Length} bytes exceed the maximum {Transaction.MaxEncodedSize}");
        }

        Transaction tx;
        try
        {
            tx = Transaction.Decode(encoded);
        }
        catch (DecodeException e)
        {
            return Reject(Hash256.Compute(encoded), TxError.Malformed, e.Message);
        }

        return Add(tx);
    }

    public TxAdmission Add(Transaction tx)
    {
        if (Contains(tx.Hash))
        {
            return new TxAdmission(TxAdmissionStatus.AlreadyKnown, tx.Hash);
        }

        if (_chain.CheckStateless(tx) is { } stateless)
        {
            return new TxAdmission(TxAdmissionStatus.Rejected, tx.Hash, stateless);
        }

        if (!_chain.VerifySignature(tx))
        {
            return Reject(tx.Hash, TxError.BadSignature, "signature does not verify");
        }

        TxAdmission admission;
        lock (_lock)
        {
            admission = AddVerifiedLocked(tx);
        }

        if (admission.Status is TxAdmissionStatus.Added or TxAdmissionStatus.Replaced)
        {
            TransactionAdded?.Invoke(tx);
        }

        return admission;
    }

    /// <summary>
    /// Transactions for the next block: per sender a gap-free run from the account's next nonce, senders
    /// interleaved by fee (highest first, then arrival order), within the given limits.
    /// </summary>
    public List<Transaction> SelectForBlock(int maxTransactions, long maxBytes)
    {
        var selected = new List<Transaction>();
        lock (_lock)
        {
            var queue = new PriorityQueue<(SortedList<ulong, PoolEntry> Queue, int Index), (ulong NegFee, long Sequence)>();
            foreach (var (sender, pending) in _bySender)
            {
                var next = _chain.GetAccount(sender).Nonce;
                if (pending.Count > 0 && pending.Keys[0] == next)
                {
                    var head = pending.Values[0];
                    queue.Enqueue((pending, 0), (ulong.MaxValue - head.Tx.Fee, head.Sequence));
                }
            }

            long bytes = 0;
            while (selected.Count < maxTransactions && queue.TryDequeue(out var cursor, out _))
            {
                var entry = cursor.Queue.Values[cursor.Index];
                if (bytes + entry.Tx.Size > maxBytes)
                {
                    continue; // this sender's run stops here; later nonces would leave a gap
                }

                selected.Add(entry.Tx);
                bytes += entry.Tx.Size;
                var nextIndex = cursor.Index + 1;
                if (nextIndex < cursor.Queue.Count && cursor.Queue.Keys[nextIndex] == entry.Tx.Nonce + 1)
                {
                    var next = cursor.Queue.Values[nextIndex];
                    queue.Enqueue((cursor.Queue, nextIndex), (ulong.MaxValue - next.Tx.Fee, next.Sequence));
                }
            }
        }

        return selected;
    }

    /// <summary>Drops the block's transactions and every pending one whose nonce the block used up.</summary>
    public void RemoveCommitted(Block block)
    {
        lock (_lock)
        {
            var senders = new HashSet<Crypto.Address>();
            foreach (var tx in block.Transactions)
            {
                senders.Add(tx.SenderAddress);
                if (_byHash.TryGetValue(tx.Hash, out var entry))
                {
                    RemoveLocked(entry);
                }
            }

            foreach (var sender in senders)
            {
                if (!_bySender.TryGetValue(sender, out var pending))
                {
                    continue;
                }

                var next = _chain.GetAccount(sender).Nonce;
                while (pending.Count > 0 && pending.Keys[0] < next)
                {
                    RemoveLocked(pending.Values[0]);
                }
            }

            DropStaleEngineTransactionsLocked();
        }
    }

    /// <summary>
    /// Engine and membership transactions can go stale while they wait (a forecast for a market slot that has begun,
    /// a vote on a proposal the other members have already decided): such a one would never be included, and every
    /// later nonce of its sender would wait behind it forever. So after each block they are checked again; a stale one
    /// goes, with its sender's later ones (their client re-signs them with fresh nonces). A membership transaction is
    /// tried only when it runs next for its sender, the one state it can be tried on.
    /// </summary>
    private void DropStaleEngineTransactionsLocked()
    {
        var rules = _chain.Rules;
        var nextHeight = _chain.Head.Height + 1;
        List<PoolEntry>? stale = null;
        foreach (var entry in _byHash.Values)
        {
            var tx = entry.Tx;
            var refused = rules is not null && rules.Handles(tx.Type)
                ? rules.Check(_chain, tx, nextHeight) is not null
                : tx.Payload is MemberJoinPayload or MemberVotePayload or MemberLeavePayload or MemberEvictPayload
                  && tx.Nonce == _chain.GetAccount(tx.SenderAddress).Nonce
                  && _chain.Executor.Execute(new StateOverlay(_chain), tx, nextHeight) is not null;
            if (refused)
            {
                (stale ??= []).Add(entry);
            }
        }

        foreach (var entry in stale ?? [])
        {
            if (!_bySender.TryGetValue(entry.Tx.SenderAddress, out var pending))
            {
                continue;
            }

            while (pending.Count > 0 && pending.Keys[^1] >= entry.Tx.Nonce)
            {
                RemoveLocked(pending.Values[^1]);
                if (!_bySender.ContainsKey(entry.Tx.SenderAddress))
                {
                    break;
                }
            }
        }
    }

    private static TxAdmission Reject(Hash256 hash, TxError error, string message) =>
        new(TxAdmissionStatus.Rejected, hash, new TxRejection(error, message));

    private sealed record PoolEntry(Transaction Tx, long Sequence, ulong Cost);
}
