using EnergyChain.Core.Crypto;

namespace EnergyChain.P2P.Reactors;

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
