namespace EnergyChain.Core.Crypto;

/// <summary>
/// secp256k1 ECDSA over 32-byte message hashes. Signatures are compact r || s in low-S form; every
/// backend refuses high-S (malleated) signatures so that a transaction has exactly one valid encoding.
/// Implementations are thread-safe.
/// </summary>
public interface ISecp256k1
{
    string Name { get; }

    /// <summary>True when the 32 bytes are a valid private key (1 &lt;= k &lt; n).</summary>
    bool IsValidPrivateKey(ReadOnlySpan<byte> privateKey);

    /// <summary>Derives the 33-byte compressed public key.</summary>
    void DerivePublicKey(ReadOnlySpan<byte> privateKey, Span<byte> compressedPublicKey);

    /// <summary>Signs a 32-byte hash, writing a 64-byte low-S signature.</summary>
    void Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> messageHash, Span<byte> signature);

    /// <summary>Verifies; false (never an exception) for bad keys, bad or high-S signatures.</summary>
    bool Verify(ReadOnlySpan<byte> compressedPublicKey, ReadOnlySpan<byte> messageHash, ReadOnlySpan<byte> signature);
}
