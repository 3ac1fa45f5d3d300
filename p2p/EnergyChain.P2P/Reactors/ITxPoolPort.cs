using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Mempool;

namespace EnergyChain.P2P.Reactors;

public enum TxSubmitOutcome
{
    /// <summary>New to the pool.</summary>
    Added,

    /// <summary>Already in the pool.</summary>
    Known,

    /// <summary>Not admitted for a reason that is not the sender's fault (stale nonce, full pool, low fee).</summary>
    NotAdded,

    /// <summary>Malformed, badly signed or otherwise invalid whatever the state: the peer should not relay it.</summary>
    Invalid,
}

/// <summary>What the transaction-gossip reactor needs from the mempool.</summary>
public interface ITxPoolPort
{
    /// <summary>Raised after a transaction entered the pool from any source (API or peer).</summary>
    event Action<Hash256>? TransactionAdded;

    bool Contains(Hash256 hash);

    /// <summary>The canonical bytes of a pooled transaction, or null.</summary>
    byte[]? GetEncoded(Hash256 hash);

    /// <summary>The hashes of every pending transaction, oldest first.</summary>
    IReadOnlyList<Hash256> PendingHashes();

    /// <summary>Offers a transaction from a peer; <paramref name="hash"/> is its hash (of the bytes when they do not decode).</summary>
    TxSubmitOutcome Submit(ReadOnlySpan<byte> encoded, out Hash256 hash);
}

/// <summary>The mempool port over Core's <see cref="TxPool"/>.</summary>
public sealed class TxPoolPort : ITxPoolPort
{
    private readonly TxPool _pool;

    public TxPoolPort(TxPool pool)
    {
        _pool = pool;
        _pool.TransactionAdded += tx => TransactionAdded?.Invoke(tx.Hash);
    }

    public event Action<Hash256>? TransactionAdded;

    public bool Contains(Hash256 hash) => _pool.Contains(hash);

    public byte[]? GetEncoded(Hash256 hash) => _pool.Get(hash)?.Encoded.ToArray();

    public IReadOnlyList<Hash256> PendingHashes() => _pool.PendingHashes();

    public TxSubmitOutcome Submit(ReadOnlySpan<byte> encoded, out Hash256 hash)
    {
        var admission = _pool.Add(encoded);
        hash = admission.Hash;
        return admission.Status switch
        {
            TxAdmissionStatus.Added or TxAdmissionStatus.Replaced => TxSubmitOutcome.Added,
            TxAdmissionStatus.AlreadyKnown => TxSubmitOutcome.Known,
            _ when admission.Rejection?.Error is TxError.Malformed or TxError.BadSignature or TxError.WrongChainId
                or TxError.TooLarge or TxError.ZeroAmount or TxError.InvalidEvidence => TxSubmitOutcome.Invalid,
            _ => TxSubmitOutcome.NotAdded,
        };
    }
}
