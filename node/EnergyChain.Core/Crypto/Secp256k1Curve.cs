using System.Numerics;

namespace EnergyChain.Core.Crypto;

/// <summary>The group order, low-S checks (the tests' reference for the rule) and the backends' argument check.</summary>
internal static class Secp256k1Curve
{
    /// <summary>Group order n.</summary>
    public static readonly BigInteger N = BigInteger.Parse(
        "0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    public static readonly BigInteger HalfN = N >> 1;

    public static BigInteger ToBig(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    public static void WriteBig(BigInteger value, Span<byte> destination32)
    {
        destination32.Clear();
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(destination32[(32 - bytes.Length)..]);
    }

    /// <summary>True when r and s are in [1, n-1] and s &lt;= n/2.</summary>
    public static bool IsCanonicalLowS(ReadOnlySpan<byte> signature)
    {
        if (signature.Length != Signature.Size)
        {
            return false;
        }

        var r = ToBig(signature[..32]);
        var s = ToBig(signature[32..]);
        return !r.IsZero && r < N && !s.IsZero && s <= HalfN;
    }

    /// <summary>The backends' common argument check: a wrong-sized buffer is a programming error, not bad input.</summary>
    public static void RequireLength(ReadOnlySpan<byte> span, int length, string name)
    {
        if (span.Length != length)
        {
            throw new ArgumentException($"{name} must be {length} bytes, got {span.Length}", name);
        }
    }
}
