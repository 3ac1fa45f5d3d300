using System.Globalization;
using System.Numerics;

namespace EnergyChain.Consensus.Pow;

/// <summary>
/// 256-bit proof-of-work target arithmetic, exact (System.Numerics.BigInteger is integer math, no rounding).
/// A block's PoW hash, read as a big-endian unsigned 256-bit number, must be at most the target; a smaller
/// target is harder. Targets travel in the seal in Bitcoin's compact form (<see cref="ToCompact"/>).
/// </summary>
public static class PowTarget
{
    /// <summary>2^256.</summary>
    public static readonly BigInteger TwoTo256 = BigInteger.One << 256;

    /// <summary>The largest target, 2^256 - 1: every hash meets it.</summary>
    public static readonly BigInteger Max = TwoTo256 - 1;

    /// <summary>
    /// Expected number of hashes to meet <paramref name="target"/>: floor(2^256 / (target + 1)). Strictly
    /// decreasing as the target grows; the fork choice sums it along a branch.
    /// </summary>
    public static BigInteger Work(BigInteger target)
    {
        CheckRange(target);
        return TwoTo256 / (target + 1);
    }

    /// <summary>The target with <paramref name="bits"/> leading zero bits: 2^(256 - bits) - 1.</summary>
    public static BigInteger FromLeadingZeroBits(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 255);
        return (BigInteger.One << (256 - bits)) - 1;
    }

    /// <summary>Parses 1 to 64 hexadecimal digits (optional <c>0x</c>), big-endian, as a target in [1, 2^256 - 1].</summary>
    public static bool TryParseHex(string? hex, out BigInteger target)
    {
        target = BigInteger.Zero;
        if (hex is null)
        {
            return false;
        }

        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[2..];
        }

        if (hex.Length is 0 or > 64 || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        // A leading 0 keeps BigInteger from reading the top bit as a sign.
        target = BigInteger.Parse("0" + hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return target >= 1 && target <= Max;
    }

    /// <summary>The target as 64 lower-case hexadecimal digits.</summary>
    public static string ToHex(BigInteger target)
    {
        Span<byte> bytes = stackalloc byte[32];
        WriteBigEndian(target, bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Writes <paramref name="target"/> as 32 big-endian bytes.</summary>
    public static void WriteBigEndian(BigInteger target, Span<byte> destination)
    {
        CheckRange(target);
        if (destination.Length != 32)
        {
            throw new ArgumentException("a target is 32 bytes", nameof(destination));
        }

        destination.Clear();
        var length = target.GetByteCount(isUnsigned: true);
        if (!target.TryWriteBytes(destination[(32 - length)..], out _, isUnsigned: true, isBigEndian: true))
        {
            throw new InvalidOperationException("target does not fit 32 bytes");
        }
    }

    /// <summary>A 32-byte big-endian number (a hash) as a non-negative integer.</summary>
    public static BigInteger FromBigEndian(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    /// <summary>
    /// Compact ("nBits") form: <c>exponent (1 byte) | mantissa (3 bytes)</c>, value = mantissa * 256^(exponent - 3),
    /// with the mantissa's top bit clear and its first byte non-zero (one encoding per value). Precision is
    /// 23 bits, so the value is rounded DOWN (harder) to the nearest representable target.
    /// </summary>
    public static uint ToCompact(BigInteger target)
    {
        if (target.Sign <= 0 || target > Max)
        {
            throw new ArgumentOutOfRangeException(nameof(target), "a target is in [1, 2^256 - 1]");
        }

        var size = target.GetByteCount(isUnsigned: true);
        var mantissa = size <= 3 ? (uint)(target << (8 * (3 - size))) : (uint)(target >> (8 * (size - 3)));
        if ((mantissa & 0x0080_0000) != 0)
        {
            // The top mantissa bit would read as a sign: shift one byte down and up the exponent.
            mantissa >>= 8;
            size++;
        }

        return ((uint)size << 24) | mantissa;
    }

    /// <summary>
    /// Decodes compact bits. Only canonical encodings of targets in [1, 2^256 - 1] are accepted (exactly what
    /// <see cref="ToCompact"/> produces), so a header has one valid way to name its target.
    /// </summary>
    public static bool TryFromCompact(uint bits, out BigInteger target)
    {
        target = BigInteger.Zero;
        var size = (int)(bits >> 24);
        var mantissa = bits & 0x00FF_FFFF;
        if (mantissa == 0 || (mantissa & 0x0080_0000) != 0 || size > 33)
        {
            return false;
        }

        var value = size <= 3 ? new BigInteger(mantissa) >> (8 * (3 - size)) : new BigInteger(mantissa) << (8 * (size - 3));
        if (value.Sign <= 0 || value > Max || ToCompact(value) != bits)
        {
            return false;
        }

        target = value;
        return true;
    }

    /// <summary>The target of canonical compact <paramref name="bits"/>; throws <see cref="FormatException"/> otherwise.</summary>
    public static BigInteger FromCompact(uint bits) =>
        TryFromCompact(bits, out var target) ? target : throw new FormatException($"0x{bits:x8} is not a canonical compact target");

    /// <summary><paramref name="target"/> rounded down to what compact bits can express.</summary>
    public static BigInteger Normalize(BigInteger target) => FromCompact(ToCompact(target));

    private static void CheckRange(BigInteger target)
    {
        if (target.Sign < 0 || target > Max)
        {
            throw new ArgumentOutOfRangeException(nameof(target), "a target is in [0, 2^256 - 1]");
        }
    }
}
