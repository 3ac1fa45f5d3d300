using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Mempool;

namespace EnergyChain.P2P.Reactors;

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
