using EnergyChain.Consensus.Federated;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Federated;

public sealed class FederatedAggregatorTests
{
    [Fact]
    public void FedAvg_weights_by_sample_count_and_rounds_half_away_from_zero()
    {
        // A = [10, -10, 3] with n = 1, B = [20, -20, 4] with n = 3; sum n = 4.
        //   coordinate 0: (1 x 10 + 3 x 20) / 4 = 70 / 4 = 17.5    -> 18
        //   coordinate 1: (1 x -10 + 3 x -20) / 4 = -70 / 4 = -17.5 -> -18
        //   coordinate 2: (1 x 3 + 3 x 4) / 4 = 15 / 4 = 3.75       -> 4
        //   coordinate 3: (1 x 0 + 3 x 1) / 4 = 0.75                -> 1
        //   coordinate 4: (1 x 1 + 3 x 0) / 4 = 0.25                -> 0
        var result = FederatedAggregator.FedAvg([Update(1, 10, -10, 3, 0, 1), Update(3, 20, -20, 4, 1, 0)]);
        Assert.Equal([18, -18, 4, 1, 0], result);
    }

    [Fact]
    public void FedAvg_with_equal_sample_counts_is_the_plain_mean_of_eq_4_19()
    {
        // (1 + 2) / 2 = 1.5 -> 2; (-1 - 2) / 2 = -1.5 -> -2; (1 + 2 + 2) / 3 = 1.67 -> 2; (0 + 0 + 1) / 3 = 0.33 -> 0.
        Assert.Equal([2, -2], FederatedAggregator.FedAvg([Update(5, 1, -1), Update(5, 2, -2)]));
        Assert.Equal([2, 0], FederatedAggregator.FedAvg([Update(1, 1, 0), Update(1, 2, 0), Update(1, 2, 1)]));
    }

    [Fact]
    public void FedAvg_of_q16_weights()
    {
        // 1.0 (65,536) with n = 2 and -0.5 (-32,768) with n = 1: (131,072 - 32,768) / 3 = 98,304 / 3 = 32,768 = 0.5.
        // Coordinate 2: (2 x 1 + 1 x 0) / 3 = 0.67 -> 1; coordinate 3: (2 x -1 + 0) / 3 = -0.67 -> -1.
        var result = FederatedAggregator.FedAvg([Update(2, ModelUpdatePayload.One, 0, 1, -1), Update(1, -ModelUpdatePayload.One / 2, 0, 0, 0)]);
        Assert.Equal([ModelUpdatePayload.One / 2, 0, 1, -1], result);

        // 2^-16 (1) and 0, n = 1 each: 0.5 -> 1 (half away from zero); -1 and 0: -0.5 -> -1.
        Assert.Equal([1, -1], FederatedAggregator.FedAvg([Update(1, 1, -1), Update(1, 0, 0)]));
    }

    [Fact]
    public void FedAvg_is_exact_with_huge_sample_counts_and_extreme_weights()
    {
        // Both n = 2^64 - 1 (128-bit path): (int.MaxValue + int.MinValue) / 2 = -1 / 2 = -0.5 -> -1.
        Assert.Equal([-1, int.MaxValue, int.MinValue],
            FederatedAggregator.FedAvg([Update(ulong.MaxValue, int.MaxValue, int.MaxValue, int.MinValue), Update(ulong.MaxValue, int.MinValue, int.MaxValue, int.MinValue)]));

        // n = 2^33 and 2^32 (128-bit path) give what n = 2 and 1 give (64-bit path): 200 / 3 = 66.67 -> 67.
        Assert.Equal([67], FederatedAggregator.FedAvg([Update(1UL << 33, 100), Update(1UL << 32, 0)]));
        Assert.Equal([67], FederatedAggregator.FedAvg([Update(2, 100), Update(1, 0)]));

        // At the edge of the 64-bit path: sum n = 2^32 - 1, every weight int.MinValue, the mean is int.MinValue.
        Assert.Equal([int.MinValue], FederatedAggregator.FedAvg([Update(uint.MaxValue - 1, int.MinValue), Update(1, int.MinValue)]));
        Assert.Equal([int.MaxValue], FederatedAggregator.FedAvg([Update(uint.MaxValue, int.MaxValue), Update(1, int.MaxValue)]));
    }

    [Fact]
    public void FedAvg_equals_an_arbitrary_precision_reference_on_random_inputs()
    {
        // Reference: BigInteger sums, then round half away from zero by comparing twice the remainder with the divisor.
        var next = Lcg(2026);
        for (var round = 0; round < 200; round++)
        {
            var n = (int)(next() % 12) + 1;
            var length = (int)(next() % 20) + 1;
            var wide = round % 3 == 0;
            var even = round % 2 == 0;
            var updates = RandomUpdates(n, length,
                () => even ? (int)(next() >> 32) : (int)(next() % 21) - 10,
                () => wide ? next() | 1 : (next() % 1_000) + 1);

            var result = FederatedAggregator.FedAvg(updates);
            var total = updates.Aggregate(System.Numerics.BigInteger.Zero, (sum, u) => sum + u.SampleCount);
            for (var j = 0; j < length; j++)
            {
                var sum = updates.Aggregate(System.Numerics.BigInteger.Zero, (acc, u) => acc + (u.SampleCount * (System.Numerics.BigInteger)u.Weights.Span[j]));
                var quotient = System.Numerics.BigInteger.DivRem(System.Numerics.BigInteger.Abs(sum), total, out var remainder);
                if (remainder * 2 >= total)
                {
                    quotient += 1;
                }

                Assert.Equal(sum.Sign < 0 ? -quotient : quotient, (System.Numerics.BigInteger)result[j]);
            }
        }
    }

    [Fact]
    public void Median_takes_the_middle_value_and_the_lower_one_for_an_even_count()
    {
        // Coordinate 0: {1, 5, 3} -> 3. Coordinate 1: {-7, -7, 2} -> -7.
        Assert.Equal([3, -7], FederatedAggregator.CoordinateMedian([Update(1, 1, -7), Update(9, 5, 2), Update(1, 3, -7)]));

        // {4, 1, 3, 2} sorted 1, 2, 3, 4: lower median 2 (not 2.5). {10, 20}: 10.
        Assert.Equal([2, 10], FederatedAggregator.CoordinateMedian([Update(1, 4, 10), Update(1, 1, 20), Update(1, 3, 10), Update(1, 2, 20)]));
        Assert.Equal([42], FederatedAggregator.CoordinateMedian([Update(1, 42)]));
    }

    [Fact]
    public void Trimmed_mean_drops_k_per_side_and_rounds_half_away_from_zero()
    {
        // {1, 2, 3, 4, 100}, k = 1: (2 + 3 + 4) / 3 = 3.
        Assert.Equal([3], FederatedAggregator.TrimmedMean([Update(1, 100), Update(1, 3), Update(1, 1), Update(1, 4), Update(1, 2)], 1));

        // {1, 2, 3, 4}, k = 1: (2 + 3) / 2 = 2.5 -> 3; negated -2.5 -> -3.
        Assert.Equal([3, -3], FederatedAggregator.TrimmedMean([Update(1, 4, -4), Update(1, 1, -1), Update(1, 3, -3), Update(1, 2, -2)], 1));

        // k = 0 is the unweighted mean: (1 + 2) / 2 = 1.5 -> 2 even though n differs.
        Assert.Equal([2], FederatedAggregator.TrimmedMean([Update(1, 1), Update(100, 2)], 0));

        // {-5, -5, 0, 7, 7, 7, 9}, k = 2: (0 + 7 + 7) / 3 = 4.67 -> 5.
        Assert.Equal([5], FederatedAggregator.TrimmedMean([Update(1, 7), Update(1, -5), Update(1, 9), Update(1, 7), Update(1, 0), Update(1, -5), Update(1, 7)], 2));
    }

    [Fact]
    public void Median_and_trimmed_mean_match_a_sort_based_reference_on_many_shapes()
    {
        var state = 12345UL;
        foreach (var n in (int[])[1, 2, 3, 4, 5, 8, 17, 40, 101])
        {
            foreach (var pattern in (int[])[0, 1, 2, 3, 4, 5])
            {
                const int length = 37; // not a multiple of the tile width
                var updates = new List<ModelContribution>();
                for (var k = 0; k < n; k++)
                {
                    var weights = new int[length];
                    for (var j = 0; j < length; j++)
                    {
                        state = (state * 6364136223846793005UL) + 1442695040888963407UL;
                        weights[j] = pattern switch
                        {
                            0 => (int)(state >> 32),                    // anything
                            1 => (int)(state >> 60) - 8,                // few distinct values, many ties
                            2 => k,                                      // ascending
                            3 => -k,                                     // descending
                            4 => 7,                                      // all equal
                            _ => k < n / 2 ? k : n - k,                  // organ pipe
                        };
                    }

                    updates.Add(new ModelContribution(weights, (ulong)k + 1));
                }

                var median = FederatedAggregator.CoordinateMedian(updates);
                for (var j = 0; j < length; j++)
                {
                    var column = updates.Select(u => u.Weights.Span[j]).Order().ToArray();
                    Assert.Equal(column[(n - 1) / 2], median[j]);
                }

                for (var trim = 0; 2 * trim < n; trim += Math.Max(1, n / 5))
                {
                    var trimmed = FederatedAggregator.TrimmedMean(updates, trim);
                    for (var j = 0; j < length; j++)
                    {
                        var kept = updates.Select(u => u.Weights.Span[j]).Order().Skip(trim).Take(n - (2 * trim)).Select(v => (long)v).ToArray();
                        var expected = (long)Math.Round((decimal)kept.Sum() / kept.Length, MidpointRounding.AwayFromZero);
                        Assert.Equal(expected, trimmed[j]);
                    }
                }
            }
        }
    }

    [Fact]
    public void A_poisoned_update_moves_FedAvg_far_but_not_the_median_or_the_trimmed_mean()
    {
        // Nine honest EVs report weights base_j + noise with noise in [-50, 50] (so the honest values of a coordinate
        // span at most 100), one attacker reports 30,000.0 (near the Q16.16 maximum) everywhere.
        // Bound: with f = 1 poisoned update, the median (f < n/2) and the trimmed mean with k = 1 >= f lie within the
        // range of the honest values of each coordinate, hence within 100 of the honest average.
        const int length = 64;
        var state = 99UL;
        var honest = new List<ModelContribution>();
        for (var k = 0; k < 9; k++)
        {
            var weights = new int[length];
            for (var j = 0; j < length; j++)
            {
                state = (state * 6364136223846793005UL) + 1442695040888963407UL;
                weights[j] = (j * 1_000) - 32_000 + (int)((state >> 33) % 101) - 50;
            }

            honest.Add(new ModelContribution(weights, 10));
        }

        var poisoned = new ModelContribution(Enumerable.Repeat(30_000 * ModelUpdatePayload.One, length).ToArray(), 10);
        List<ModelContribution> all = [.. honest, poisoned];

        var honestAverage = FederatedAggregator.FedAvg(honest);
        var fedAvg = FederatedAggregator.FedAvg(all);
        var median = FederatedAggregator.CoordinateMedian(all);
        var trimmed = FederatedAggregator.TrimmedMean(all, 1);
        for (var j = 0; j < length; j++)
        {
            var column = honest.Select(u => u.Weights.Span[j]).ToArray();
            Assert.True(Math.Abs((long)fedAvg[j] - honestAverage[j]) > 100_000_000, $"FedAvg moved only to {fedAvg[j]}");
            Assert.InRange(median[j], column.Min(), column.Max());
            Assert.InRange(trimmed[j], column.Min(), column.Max());
            Assert.InRange(median[j], honestAverage[j] - 100, honestAverage[j] + 100);
            Assert.InRange(trimmed[j], honestAverage[j] - 100, honestAverage[j] + 100);
        }

        // A large claimed sample count buys the attacker everything in FedAvg and nothing in the median.
        List<ModelContribution> loud = [.. honest, (poisoned with { SampleCount = 1_000_000 })];
        Assert.Equal(FederatedAggregator.CoordinateMedian(all), FederatedAggregator.CoordinateMedian(loud));
    }

    [Fact]
    public void Results_do_not_depend_on_the_order_of_the_updates()
    {
        var state = 7UL;
        var updates = new List<ModelContribution>();
        for (var k = 0; k < 50; k++)
        {
            var weights = new int[100];
            for (var j = 0; j < weights.Length; j++)
            {
                state = (state * 6364136223846793005UL) + 1442695040888963407UL;
                weights[j] = (int)(state >> 40) - (1 << 23);
            }

            updates.Add(new ModelContribution(weights, ((ulong)k * 37 % 11) + 1));
        }

        var orders = new List<List<ModelContribution>>
        {
            updates.AsEnumerable().Reverse().ToList(),
            updates.Skip(17).Concat(updates.Take(17)).ToList(),
            updates.OrderBy(u => u.Weights.Span[3]).ToList(),
        };
        foreach (var spec in (AggregationSpec[])[AggregationSpec.FedAvg, AggregationSpec.CappedFedAvg, AggregationSpec.Median, AggregationSpec.Trimmed(5)])
        {
            var expected = FederatedAggregator.Aggregate(spec, updates);
            foreach (var order in orders)
            {
                Assert.Equal(expected, FederatedAggregator.Aggregate(spec, order));
            }
        }

        // Wide (128-bit) FedAvg path too.
        var wide = updates.Select((u, i) => u with { SampleCount = (ulong)(i + 1) << 40 }).ToList();
        Assert.Equal(FederatedAggregator.FedAvg(wide), FederatedAggregator.FedAvg(wide.AsEnumerable().Reverse().ToList()));
        Assert.Equal(FederatedAggregator.CappedFedAvg(wide), FederatedAggregator.CappedFedAvg(wide.AsEnumerable().Reverse().ToList()));
    }

    [Fact]
    public void The_aggregator_does_not_modify_its_inputs()
    {
        int[] a = [5, 1];
        int[] b = [1, 5];
        int[] c = [3, 3];
        FederatedAggregator.CoordinateMedian([new(a, 1), new(b, 1), new(c, 1)]);
        FederatedAggregator.TrimmedMean([new(a, 1), new(b, 1), new(c, 1)], 1);
        Assert.Equal([5, 1], a);
        Assert.Equal([1, 5], b);
    }

    [Fact]
    public void Invalid_inputs_are_refused_with_a_clear_message()
    {
        Assert.Contains("at least one", Assert.Throws<AggregationException>(() => FederatedAggregator.FedAvg([])).Message);
        Assert.Contains("at least one", Assert.Throws<AggregationException>(() => FederatedAggregator.CoordinateMedian(null!)).Message);
        Assert.Contains("update 1 has 3 weights but update 0 has 2",
            Assert.Throws<AggregationException>(() => FederatedAggregator.FedAvg([Update(1, 1, 2), Update(1, 1, 2, 3)])).Message);
        Assert.Contains("model update 1: the sample count must be at least 1",
            Assert.Throws<AggregationException>(() => FederatedAggregator.CoordinateMedian([Update(1, 1), Update(0, 1)])).Message);
        Assert.Contains("at least one", Assert.Throws<AggregationException>(() => FederatedAggregator.CappedFedAvg([])).Message);
        Assert.Contains("model update 1: the sample count must be at least 1",
            Assert.Throws<AggregationException>(() => FederatedAggregator.CappedFedAvg([Update(1, 1), Update(0, 1)])).Message);
        Assert.Contains("2k < n",
            Assert.Throws<AggregationException>(() => FederatedAggregator.TrimmedMean([Update(1, 1), Update(1, 2)], 1)).Message);
        Assert.Throws<AggregationException>(() => FederatedAggregator.TrimmedMean([Update(1, 1)], -1));
    }

    [Fact]
    public void Aggregate_dispatches_on_the_genesis_rule()
    {
        List<ModelContribution> updates = [Update(1, 0), Update(1, 10), Update(1, 11), Update(5, 1_000)];
        Assert.Equal(FederatedAggregator.FedAvg(updates), FederatedAggregator.Aggregate(AggregationSpec.Parse("fedavg"), updates));
        Assert.Equal([10], FederatedAggregator.Aggregate(AggregationSpec.Parse("median"), updates));
        Assert.Equal([11], FederatedAggregator.Aggregate(AggregationSpec.Parse("trimmed-mean:1"), updates)); // (10 + 11) / 2 = 10.5 -> 11

        // Counts 1, 1, 1, 5: the lower median is 1, so every count becomes 1: (0 + 10 + 11 + 1,000) / 4 = 255.25 -> 255.
        // Plain FedAvg gives the claimed 5 its weight: (0 + 10 + 11 + 5,000) / 8 = 627.6 -> 628.
        Assert.Equal([255], FederatedAggregator.Aggregate(AggregationSpec.Parse("fedavg-capped"), updates));
        Assert.Equal([628], FederatedAggregator.FedAvg(updates));
        Assert.Equal(FederatedAggregator.CappedFedAvg(updates), FederatedAggregator.Aggregate(AggregationSpec.CappedFedAvg, updates));
    }

    [Fact]
    public void Capped_FedAvg_caps_each_sample_count_at_the_lower_median_and_rounds_like_FedAvg()
    {
        // Counts 1, 3, 5, 50 sorted: element (4 - 1) / 2 = 1 is 3, so the counts become 1, 3, 3, 3 (sum 10).
        //   coordinate 0: (1 x 10 + 3 x 20 + 3 x 30 + 3 x 1,000) / 10 = 3,160 / 10 = 316 (plain FedAvg: 50,220 / 59 -> 851)
        //   coordinate 1: (1 x 5) / 10 = 0.5 -> 1; coordinate 2: -0.5 -> -1 (half away from zero, as FedAvg)
        List<ModelContribution> updates = [Update(50, 1_000, 0, 0), Update(1, 10, 5, -5), Update(5, 30, 0, 0), Update(3, 20, 0, 0)];
        Assert.Equal([316, 1, -1], FederatedAggregator.CappedFedAvg(updates));
        Assert.Equal([851, 0, 0], FederatedAggregator.FedAvg(updates)); // 5 / 59 = 0.08 -> 0

        // Equal counts are all at the cap: exactly FedAvg, the thesis's plain 1/N mean.
        List<ModelContribution> equal = [Update(7, 1, -1), Update(7, 2, -2)];
        Assert.Equal(FederatedAggregator.FedAvg(equal), FederatedAggregator.CappedFedAvg(equal));
        Assert.Equal([42, -42], FederatedAggregator.CappedFedAvg([Update(ulong.MaxValue, 42, -42)]));
    }

    [Fact]
    public void A_liar_claiming_a_billion_samples_owns_FedAvg_but_weighs_one_honest_EV_under_capped_FedAvg()
    {
        // Nine honest EVs: 100 samples, weight 1.0. One liar: 10^9 samples, weight 30,000.0 (1,966,080,000 in Q16.16).
        var one = ModelUpdatePayload.One;
        List<ModelContribution> updates = [.. Enumerable.Repeat(Update(100, one, -one), 9), Update(1_000_000_000, 30_000 * one, -30_000 * one)];

        // Before: the liar's share of the FedAvg weight is 10^9 / (10^9 + 900) > 99.9999 %, and the model follows it
        // to ~30,000.0 (29,999.97) instead of the honest 1.0.
        var fedAvg = FederatedAggregator.Aggregate(AggregationSpec.Parse("fedavg"), updates);
        Assert.True(fedAvg[0] > 29_000 * one, $"FedAvg: {fedAvg[0]}");
        Assert.True(fedAvg[1] < -29_000 * one, $"FedAvg: {fedAvg[1]}");

        // After: the counts sorted are nine 100s and 10^9; element (10 - 1) / 2 is 100, so the liar weighs 100 like
        // every honest EV, 10 % of the total: (9 x 1.0 + 30,000.0) / 10 = 3,000.9, in Q16.16
        // (9 x 65,536 + 1,966,080,000) / 10 = 196,666,982.4 -> 196,666,982.
        var capped = FederatedAggregator.Aggregate(AggregationSpec.Parse("fedavg-capped"), updates);
        Assert.Equal([196_666_982, -196_666_982], capped);
        Assert.Equal(FederatedAggregator.TrimmedMean(updates, 0), capped); // every count equal: the unweighted mean

        // Claiming more buys nothing more: any count from 100 up gives the same capped result.
        List<ModelContribution> louder = [.. updates.Take(9), updates[9] with { SampleCount = ulong.MaxValue }];
        Assert.Equal(capped, FederatedAggregator.CappedFedAvg(louder));
        List<ModelContribution> honestCount = [.. updates.Take(9), updates[9] with { SampleCount = 100 }];
        Assert.Equal(capped, FederatedAggregator.FedAvg(honestCount));
    }

    [Fact]
    public void Capped_FedAvg_is_FedAvg_of_the_counts_capped_at_the_sorted_lower_median_on_random_inputs()
    {
        var next = Lcg(2027);
        for (var round = 0; round < 200; round++)
        {
            var n = (int)(next() % 12) + 1;
            var length = (int)(next() % 20) + 1;

            // Mostly small counts with ties, sometimes a huge (lying) one that forces the 128-bit path in FedAvg.
            var updates = RandomUpdates(n, length, () => (int)(next() >> 32), () => next() % 4 == 0 ? next() | 1 : (next() % 20) + 1);
            var cap = updates.Select(u => u.SampleCount).Order().ElementAt((n - 1) / 2);
            var reference = FederatedAggregator.FedAvg(updates.Select(u => u with { SampleCount = Math.Min(u.SampleCount, cap) }).ToList());
            Assert.Equal(reference, FederatedAggregator.CappedFedAvg(updates));
        }
    }

    [Fact]
    public void Capped_FedAvg_does_not_depend_on_the_order_of_the_updates()
    {
        // Distinct counts 1 to 20 and one liar, so the lower median sits at a different input position in every shuffle.
        var next = Lcg(11);
        var updates = RandomUpdates(21, 33, () => (int)(next() >> 40) - (1 << 23), () => 1)
            .Select((u, i) => u with { SampleCount = i == 20 ? 1_000_000_000_000UL : ((ulong)i * 7 % 20) + 1 })
            .ToList();
        var expected = FederatedAggregator.CappedFedAvg(updates);
        for (var shuffle = 0; shuffle < 20; shuffle++)
        {
            // Fisher-Yates with the seeded generator above.
            var order = updates.ToArray();
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = (int)(next() % (ulong)(i + 1));
                (order[i], order[j]) = (order[j], order[i]);
            }

            Assert.Equal(expected, FederatedAggregator.CappedFedAvg(order));
            Assert.Equal(expected, FederatedAggregator.Aggregate(AggregationSpec.CappedFedAvg, order));
        }
    }

    [Fact]
    public void Contributions_come_from_model_update_payloads()
    {
        var payload = new ModelUpdatePayload(3, 12, 7, [1, 2]);
        var contribution = ModelContribution.From(payload);
        Assert.Equal(12UL, contribution.SampleCount);
        Assert.Equal([1, 2], contribution.Weights.ToArray());
    }

    private static ModelContribution Update(ulong samples, params int[] weights) => new(weights, samples);

    /// <summary>A seeded 64-bit LCG (Knuth's MMIX constants): the random tests see the same inputs on every run.</summary>
    private static Func<ulong> Lcg(ulong state) => () => state = (state * 6364136223846793005UL) + 1442695040888963407UL;

    /// <summary><paramref name="n"/> updates of <paramref name="length"/> weights, each update's weights drawn before its count.</summary>
    private static List<ModelContribution> RandomUpdates(int n, int length, Func<int> weight, Func<ulong> samples)
    {
        var updates = new List<ModelContribution>();
        for (var k = 0; k < n; k++)
        {
            var weights = new int[length];
            for (var j = 0; j < length; j++)
            {
                weights[j] = weight();
            }

            updates.Add(new ModelContribution(weights, samples()));
        }

        return updates;
    }
}
