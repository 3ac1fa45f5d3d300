using System.Numerics;
using EnergyChain.Consensus.Market;

namespace EnergyChain.Consensus.Tests.Market;

public sealed class ShapleyRewardsTests
{
    private static readonly byte[] Seed = "shapley-test-seed"u8.ToArray();

    [Fact]
    public void Shares_sum_exactly_to_the_total_and_are_non_negative()
    {
        for (ulong seed = 1; seed <= 40; seed++)
        {
            var prosumers = MarketTestData.Random(seed, 8, halfSideMetres: 3_000);
            int[] members = [.. Enumerable.Range(0, 8)];
            foreach (var total in new long[] { 0, 1, 7, 999_983, 1_000_000_000_000 })
            {
                var shares = ShapleyRewards.Allocate(total, prosumers, members, MarketTestData.Grid, Seed);
                Assert.Equal(members.Length, shares.Length);
                Assert.All(shares, s => Assert.True(s >= 0));
                Assert.Equal(total, shares.Sum());
            }
        }
    }

    [Fact]
    public void Two_mirrored_identical_sellers_get_equal_shares()
    {
        // Sellers mirrored about the y axis, buyers on the axis: the two sellers are interchangeable.
        var grid = new GridParameters(0, 0, 5_000);
        ProsumerInput[] prosumers =
        [
            new(0, 6_000, 0, 7_000),
            new(-2_500, 5_000, 6_000, 1_000),
            new(2_500, 5_000, 6_000, 1_000),
            new(0, 3_000, 500, 4_000),
        ];
        foreach (var total in new long[] { 1_000, 1_001, 123_457 })
        {
            var shares = ShapleyRewards.Allocate(total, prosumers, [0, 1, 2, 3], grid, Seed);
            Assert.InRange(shares[1] - shares[2], -1, 1);
            Assert.Equal(total, shares.Sum());
        }

        var values = ShapleyRewards.ScaledValues(prosumers, [0, 1, 2, 3], grid, Seed, ShapleyRewards.ExactMaxMembers, ShapleyRewards.SampledPermutations);
        Assert.Equal(values[1], values[2]);
    }

    [Fact]
    public void A_member_that_changes_nothing_gets_nothing()
    {
        var prosumers = MarketTestData.Random(5, 6, halfSideMetres: 2_000).ToList();
        prosumers.Add(new ProsumerInput(100, 100, 4_000, 4_000)); // production == consumption: a null player
        int[] members = [.. Enumerable.Range(0, prosumers.Count)];
        var values = ShapleyRewards.ScaledValues(prosumers, members, MarketTestData.Grid, Seed, ShapleyRewards.ExactMaxMembers, ShapleyRewards.SampledPermutations);
        Assert.Equal(BigInteger.Zero, values[^1]);
        Assert.Contains(values, v => v > 0);
        var shares = ShapleyRewards.Allocate(1_000_000, prosumers, members, MarketTestData.Grid, Seed);
        Assert.Equal(0, shares[^1]);
    }

    [Fact]
    public void All_zero_values_split_equally_with_the_remainder_to_the_first_members()
    {
        // Three buyers and nobody to sell: every v(S') is 0.
        ProsumerInput[] prosumers = [new(0, 100, 0, 10), new(0, 200, 0, 10), new(0, 300, 0, 10)];
        Assert.Equal([4L, 3L, 3L], ShapleyRewards.Allocate(10, prosumers, [0, 1, 2], MarketTestData.Grid, Seed));
    }

    [Fact]
    public void Sampling_stays_within_the_hoeffding_bound_of_the_exact_values_for_ten_members()
    {
        var prosumers = MarketTestData.Random(11, 10, halfSideMetres: 4_000);
        int[] members = [.. Enumerable.Range(0, 10)];
        const int permutations = 2_000;
        var exact = ShapleyRewards.ScaledValues(prosumers, members, MarketTestData.Grid, Seed, 12, permutations);
        var sampled = ShapleyRewards.ScaledValues(prosumers, members, MarketTestData.Grid, Seed, 0, permutations);

        // Each sampled value is the mean of 2,000 draws of member k's marginal contribution, which lies in [lo_k, hi_k]
        // (found by enumerating all 1,024 sub-coalitions). Hoeffding with alpha = 10^-6 per member:
        // |mean - phi_k| <= (hi_k - lo_k) * sqrt(ln(2 * 10^6) / (2 * 2000)) = 0.060 (hi_k - lo_k).
        var worth = new long[1 << 10];
        for (var mask = 1; mask < worth.Length; mask++)
        {
            worth[mask] = MarketTestData.Scores(prosumers, [.. members.Where(k => (mask & (1 << k)) != 0)], MarketTestData.Grid).Sum();
        }

        var factor = Math.Sqrt(Math.Log(2e6) / (2.0 * permutations));
        for (var k = 0; k < members.Length; k++)
        {
            var e = (double)exact[k] / (double)ShapleyRewards.Scale(10, 12, permutations);
            var s = (double)sampled[k] / (double)ShapleyRewards.Scale(10, 0, permutations);
            var marginals = Enumerable.Range(0, worth.Length).Where(mask => (mask & (1 << k)) == 0).Select(mask => worth[mask | (1 << k)] - worth[mask]).ToArray();
            var bound = (marginals.Max() - marginals.Min()) * factor;
            Assert.True(Math.Abs(e - s) <= bound, $"member {k}: exact {e:F1}, sampled {s:F1}, bound {bound:F1}");
        }

        Assert.Equal(
            ShapleyRewards.Allocate(1_000_000, prosumers, members, MarketTestData.Grid, Seed, 0, permutations),
            ShapleyRewards.Allocate(1_000_000, prosumers, members, MarketTestData.Grid, Seed, 0, permutations));
        Assert.NotEqual(
            ShapleyRewards.ScaledValues(prosumers, members, MarketTestData.Grid, Seed, 0, permutations),
            ShapleyRewards.ScaledValues(prosumers, members, MarketTestData.Grid, "another seed"u8, 0, permutations));
    }

    [Fact]
    public void Same_seed_same_shares()
    {
        var prosumers = MarketTestData.Random(3, 14, halfSideMetres: 3_000);
        int[] members = [.. Enumerable.Range(0, 14)];
        var a = ShapleyRewards.Allocate(5_000_000, prosumers, members, MarketTestData.Grid, Seed);
        var b = ShapleyRewards.Allocate(5_000_000, prosumers, members, MarketTestData.Grid, Seed);
        Assert.Equal(a, b);
        Assert.Equal(5_000_000, a.Sum());
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        var prosumers = MarketTestData.Random(3, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => ShapleyRewards.Allocate(-1, prosumers, [0, 1], MarketTestData.Grid, Seed));
        Assert.Throws<ArgumentException>(() => ShapleyRewards.Allocate(10, prosumers, [0, 0], MarketTestData.Grid, Seed));
        Assert.Throws<ArgumentException>(() => ShapleyRewards.Allocate(10, prosumers, [5], MarketTestData.Grid, Seed));
    }
}
