using EnergyChain.Core.Transactions;

namespace EnergyChain.EvLearning;

/// <summary>
/// Conversion between floating-point model weights (local training on the EV, outside consensus) and the
/// Q16.16 fixed point carried on chain: <c>q = round(x * 65,536)</c>, half away from zero, saturated to the
/// <see cref="int"/> range (about +-32,768.0). The only place floats touch model weights; consensus code
/// works on the integers only. Conversion is exact up to rounding: x * 2^16 is computed in double, which is
/// exact for every float, so every machine gets the same integers.
/// </summary>
public static class Q16
{
    public const int FractionBits = ModelUpdatePayload.FractionBits;

    /// <summary>1.0 in Q16.16.</summary>
    public const int One = ModelUpdatePayload.One;

    /// <summary>
    /// Quantizes one weight. NaN becomes 0 (a diverged weight must not become an extreme value);
    /// +-infinity and anything beyond the range saturate to <see cref="int.MaxValue"/> / <see cref="int.MinValue"/>.
    /// </summary>
    public static int Quantize(float value)
    {
        if (float.IsNaN(value))
        {
            return 0;
        }

        var scaled = Math.Round((double)value * One, MidpointRounding.AwayFromZero);
        if (scaled >= int.MaxValue)
        {
            return int.MaxValue;
        }

        return scaled <= int.MinValue ? int.MinValue : (int)scaled;
    }

    /// <summary>Quantizes every weight of <paramref name="values"/> into <paramref name="destination"/> (same length).</summary>
    public static void Quantize(ReadOnlySpan<float> values, Span<int> destination)
    {
        if (destination.Length != values.Length)
        {
            throw new ArgumentException("destination must have one entry per value", nameof(destination));
        }

        for (var i = 0; i < values.Length; i++)
        {
            destination[i] = Quantize(values[i]);
        }
    }

    public static int[] Quantize(ReadOnlySpan<float> values)
    {
        var result = new int[values.Length];
        Quantize(values, result);
        return result;
    }

    /// <summary>The float nearest to <paramref name="value"/> / 65,536 (exact for |value| below 2^24).</summary>
    public static float Dequantize(int value) => (float)((double)value / One);

    /// <summary>Dequantizes every weight of <paramref name="values"/> into <paramref name="destination"/> (same length).</summary>
    public static void Dequantize(ReadOnlySpan<int> values, Span<float> destination)
    {
        if (destination.Length != values.Length)
        {
            throw new ArgumentException("destination must have one entry per value", nameof(destination));
        }

        for (var i = 0; i < values.Length; i++)
        {
            destination[i] = Dequantize(values[i]);
        }
    }

    public static float[] Dequantize(ReadOnlySpan<int> values)
    {
        var result = new float[values.Length];
        Dequantize(values, result);
        return result;
    }
}
