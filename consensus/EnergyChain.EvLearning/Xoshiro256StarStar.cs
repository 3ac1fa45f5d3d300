namespace EnergyChain.EvLearning;

/// <summary>
/// xoshiro256** (Blackman and Vigna) seeded through splitmix64. Used instead of <see cref="Random"/> so that
/// episodes, exploration and initial weights are identical across .NET versions for the same seed.
/// Gaussian draws use the Box-Muller transform on this generator.
/// </summary>
public sealed class Xoshiro256StarStar
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    public Xoshiro256StarStar(ulong seed)
    {
        var sm = seed;
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
    }

    /// <summary>One splitmix64 step: advances <paramref name="state"/> and returns the mixed output.</summary>
    public static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Derives an independent child seed from a parent seed and a stream tag (e.g. EV index, round).</summary>
    public static ulong DeriveSeed(ulong seed, ulong tag)
    {
        var s = seed ^ (tag * 0xD1B54A32D192ED03UL);
        _ = SplitMix64(ref s);
        return SplitMix64(ref s);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="exclusiveMax"/>), unbiased (rejection sampling).</summary>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        var bound = (ulong)exclusiveMax;
        var limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong r;
        do
        {
            r = NextUInt64();
        }
        while (r >= limit);
        return (int)(r % bound);
    }

    /// <summary>Standard normal draw (Box-Muller; the second value of each pair is cached).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }

        double u1;
        do
        {
            u1 = NextDouble();
        }
        while (u1 <= double.Epsilon);
        var u2 = NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        var angle = 2.0 * Math.PI * u2;
        _spareGaussian = radius * Math.Sin(angle);
        _hasSpare = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>Normal draw with the given mean and standard deviation.</summary>
    public double NextGaussian(double mean, double stdDev) => mean + (stdDev * NextGaussian());

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
