using System.Numerics;
using System.Security.Cryptography;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Pow;

/// <summary>
/// The proof-of-work hash of a header: single SHA-256 over <c>"EnergyChain/pow/v1" || unsigned header</c>, where
/// the unsigned header is the core's canonical encoding without the signature (so it includes the producer key
/// and the seal). Committing to the producer means a found nonce cannot be re-signed by someone else to steal
/// the fees and reward; leaving the signature out lets the producer sign after mining.
/// <para>
/// Single, not double, SHA-256: Bitcoin's double hash guards against length extension, which gives an attacker
/// nothing here (the preimage is a fixed-format header; an extended preimage is not a header). A second hash
/// would double the cost for miners and validators alike, changing no security margin, only the hashrate unit.
/// The own domain tag keeps a PoW hash from ever equalling a block id or any other tagged hash.
/// </para>
/// </summary>
public static class PowHash
{
    /// <summary>Domain tag prefixed to the unsigned header.</summary>
    public static ReadOnlySpan<byte> Tag => "EnergyChain/pow/v1"u8;

    /// <summary>
    /// The bytes the PoW hash covers. Reuses the core's encoder (<see cref="BlockHeader.Write"/>) and drops the
    /// trailing signature, so the engine can never drift from the header layout the core hashes and signs.
    /// </summary>
    public static byte[] Preimage(BlockHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var writer = new CanonicalWriter(256);
        writer.WriteFixed(Tag);
        header.Write(writer);
        return writer.WrittenSpan[..^Signature.Size].ToArray();
    }

    public static Hash256 Compute(BlockHeader header) => Hash256.Compute(Preimage(header));

    /// <summary>Whether a 32-byte big-endian hash, read as a number, is at most the 32-byte big-endian target.</summary>
    public static bool Meets(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> target32) =>
        hash.Length == Hash256.Size && target32.Length == Hash256.Size && hash.SequenceCompareTo(target32) <= 0;

    /// <summary>Whether <paramref name="hash"/> meets <paramref name="target"/>.</summary>
    public static bool Meets(Hash256 hash, BigInteger target)
    {
        Span<byte> h = stackalloc byte[Hash256.Size];
        Span<byte> t = stackalloc byte[Hash256.Size];
        hash.CopyTo(h);
        PowTarget.WriteBigEndian(target, t);
        return Meets(h, t);
    }

    /// <summary>Hashes <paramref name="preimage"/> into <paramref name="digest"/> (32 bytes) without allocating.</summary>
    public static void HashInto(ReadOnlySpan<byte> preimage, Span<byte> digest) => SHA256.HashData(preimage, digest);
}
