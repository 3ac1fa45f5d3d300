namespace EnergyChain.EvLearning.Tests;

/// <summary>Float weights to the Q16.16 integers a model update carries on chain, and back.</summary>
public sealed class Q16Tests
{
    [Theory]
    [InlineData(0f, 0)]
    [InlineData(1f, 65_536)]
    [InlineData(-1f, -65_536)]
    [InlineData(0.5f, 32_768)]
    // 2^-17 is exactly half a step: away from zero gives +-1 (banker's rounding would give 0).
    [InlineData(1f / 131_072, 1)]
    [InlineData(-1f / 131_072, -1)]
    // 3 x 2^-17 = 1.5 steps -> 2 (half away from zero), -1.5 steps -> -2.
    [InlineData(3f / 131_072, 2)]
    [InlineData(-3f / 131_072, -2)]
    // Just below half a step rounds to 0.
    [InlineData(1f / 131_073, 0)]
    [InlineData(32_768f, int.MaxValue)]
    [InlineData(32_767.998046875f, int.MaxValue - 127)]
    [InlineData(40_000f, int.MaxValue)]
    [InlineData(-32_768f, int.MinValue)]
    [InlineData(-40_000f, int.MinValue)]
    [InlineData(float.PositiveInfinity, int.MaxValue)]
    [InlineData(float.NegativeInfinity, int.MinValue)]
    [InlineData(float.NaN, 0)]
    public void Quantize_rounds_half_away_from_zero_and_saturates(float value, int expected)
    {
        Assert.Equal(expected, Q16.Quantize(value));
    }

    [Fact]
    public void Dequantize_inverts_quantize_on_representable_values()
    {
        float[] values = [0f, 1f, -1f, 0.25f, -123.5f, 1f / 65_536, 32_767f];
        var q = Q16.Quantize(values);
        Assert.Equal(values, Q16.Dequantize(q));
        Assert.Equal([65_536, -65_536], Q16.Quantize([1f, -1f]));
        Assert.Throws<ArgumentException>(() => Q16.Quantize([1f], new int[2]));
        Assert.Throws<ArgumentException>(() => Q16.Dequantize([1], new float[2]));
    }
}
