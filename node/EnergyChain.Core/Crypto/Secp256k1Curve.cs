using System.Numerics;

namespace EnergyChain.Core.Crypto;

/// <summary>Curve constants and the few big-integer helpers both backends need.</summary>
internal static class Secp256k1Curve
{
    /// <summary>Field prime p = 2^256 - 2^32 - 977.</summary>
    public static readonly BigInteger P = BigInteger.Parse(
        "0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", System.Globalization.NumberStyles.HexNumber);

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

    /// <summary>Rewrites s as n - s when it is in the upper half (the "low-S" rule of BIP 62/146).</summary>
    public static void NormalizeLowS(Span<byte> signature)
    {
        var s = ToBig(signature[32..]);
        if (s > HalfN)
        {
            WriteBig(N - s, signature[32..]);
        }
    }

    /// <summary>Recovers y from a compressed point: y^2 = x^3 + 7 (mod p), picking the parity of the prefix.</summary>
    public static bool TryDecompress(ReadOnlySpan<byte> compressed, Span<byte> x32, Span<byte> y32)
    {
        if (!PublicKey.HasValidShape(compressed))
        {
            return false;
        }

        var x = ToBig(compressed[1..]);
        if (x >= P)
        {
            return false;
        }

        var rhs = (BigInteger.ModPow(x, 3, P) + 7) % P;
        // p = 3 (mod 4), so a square root is rhs^((p+1)/4).
        var y = BigInteger.ModPow(rhs, (P + 1) >> 2, P);
        if (BigInteger.ModPow(y, 2, P) != rhs)
        {
            return false;
        }

        var wantOdd = compressed[0] == 0x03;
        if (!y.IsEven != wantOdd)
        {
            y = P - y;
        }

        compressed[1..].CopyTo(x32);
        WriteBig(y, y32);
        return true;
    }
}
