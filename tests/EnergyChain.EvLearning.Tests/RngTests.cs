namespace EnergyChain.EvLearning.Tests;

public class RngTests
{
    [Fact]
    public void Splitmix64_matches_the_reference_sequence()
    {
        // Reference values of splitmix64 seeded with 0 (Vigna's splitmix64.c).
        ulong s = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, Xoshiro256StarStar.SplitMix64(ref s));
        Assert.Equal(0x6E789E6AA1B965F4UL, Xoshiro256StarStar.SplitMix64(ref s));
        Assert.Equal(0x06C45D188009454FUL, Xoshiro256StarStar.SplitMix64(ref s));
    }

    [Fact]
    public void Same_seed_same_stream_and_sane_moments()
    {
        var a = new Xoshiro256StarStar(42);
        var b = new Xoshiro256StarStar(42);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }

        var g = new Xoshiro256StarStar(7);
        double sum = 0, sq = 0;
        const int N = 200000;
        for (var i = 0; i < N; i++)
        {
            var x = g.NextGaussian();
            sum += x;
            sq += x * x;
        }

        Assert.InRange(sum / N, -0.01, 0.01);
        Assert.InRange((sq / N) - ((sum / N) * (sum / N)), 0.98, 1.02);

        var counts = new int[7];
        for (var i = 0; i < 70000; i++)
        {
            counts[g.NextInt(7)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9500, 10500));
    }
}
