using System.Numerics;

namespace EnergyChain.Consensus.Federated;

/// <summary>
/// Combines the EVs' Q16.16 model updates into the next global model (the mLAG's job, thesis eq. 4.19). Every
/// validator re-runs this and compares the result, so it is exact integer arithmetic with one documented rounding
/// per coordinate, and the result never depends on the order of the updates: sums of integers are exact and
/// commutative, the capped FedAvg's cap comes from the sorted sample counts, and the median and trimmed mean look
/// at each coordinate's values as a multiset. Callers therefore need no canonical order for correctness (sorting
/// by sender is still a good habit for anything logged).
/// <para>
/// Rounding: every division rounds half away from zero (x.5 goes to x+1, -x.5 to -(x+1)), so aggregating
/// negated updates gives the negated result. A mean of values in [min, max] rounds to a value in [min, max],
/// so results always fit Q16.16.
/// </para>
/// <para>
/// Cost, for n updates of P weights: FedAvg streams each update once (updates outer, weights inner) into P
/// accumulators, and the capped FedAvg first sorts the n sample counts; median and trimmed mean copy blocks of
/// <see cref="TileWidth"/> coordinates of every update into one reused buffer (so each update's cache line is read
/// once) and run an in-place selection per coordinate, O(n) expected, falling back to a sort when the selection
/// makes no progress (so no input is quadratic).
/// </para>
/// </summary>
public static class FederatedAggregator
{
    /// <summary>Coordinates transposed at once by median and trimmed mean: 16 ints = one 64-byte cache line.</summary>
    public const int TileWidth = 16;

    /// <summary>Aggregates with the rule genesis chose.</summary>
    public static int[] Aggregate(AggregationSpec spec, IReadOnlyList<ModelContribution> updates) => spec.Rule switch
    {
        AggregationRule.FedAvg => FedAvg(updates),
        AggregationRule.CappedFedAvg => CappedFedAvg(updates),
        AggregationRule.Median => CoordinateMedian(updates),
        AggregationRule.TrimmedMean => TrimmedMean(updates, spec.TrimPerSide),
        _ => throw new AggregationException($"unknown aggregation rule {(byte)spec.Rule}"),
    };

    /// <summary>
    /// FedAvg (eq. 4.19, weighted by local data size as in McMahan et al.; equal sample counts give the thesis's
    /// plain 1/N mean): <c>w_j = round(sum_k n_k x w_kj / sum_k n_k)</c>, half away from zero. The sums are exact:
    /// 64-bit accumulators while sum_k n_k &lt; 2^32 (then |sum| &lt; 2^63), 128-bit ones otherwise (any n_k, any
    /// number of updates below 2^31).
    /// </summary>
    public static int[] FedAvg(IReadOnlyList<ModelContribution> updates)
    {
        var length = Validate(updates);
        UInt128 totalSamples = 0;
        for (var k = 0; k < updates.Count; k++)
        {
            totalSamples += updates[k].SampleCount;
        }

        var result = new int[length];
        if (totalSamples <= uint.MaxValue)
        {
            // Every product n_k x w fits 63 bits and so does the whole sum: sum n_k x |w| < 2^32 x 2^31.
            var sums = new long[length];
            for (var k = 0; k < updates.Count; k++)
            {
                var n = (long)updates[k].SampleCount;
                var weights = updates[k].Weights.Span;
                for (var j = 0; j < weights.Length; j++)
                {
                    sums[j] += n * weights[j];
                }
            }

            var divisor = (long)totalSamples;
            for (var j = 0; j < length; j++)
            {
                result[j] = (int)DivideRoundHalfAwayFromZero(sums[j], divisor);
            }

            return result;
        }

        var wide = new Int128[length];
        for (var k = 0; k < updates.Count; k++)
        {
            var n = updates[k].SampleCount;
            var weights = updates[k].Weights.Span;
            if (n <= uint.MaxValue)
            {
                var small = (long)n;
                for (var j = 0; j < weights.Length; j++)
                {
                    wide[j] += small * weights[j];
                }
            }
            else
            {
                var big = (Int128)n;
                for (var j = 0; j < weights.Length; j++)
                {
                    wide[j] += big * weights[j];
                }
            }
        }

        for (var j = 0; j < length; j++)
        {
            result[j] = (int)DivideRoundHalfAwayFromZero(wide[j], totalSamples);
        }

        return result;
    }

    /// <summary>
    /// FedAvg on capped sample counts, the default rule: each n_k is first replaced by min(n_k, c), where c is the
    /// round's lower-median count (the counts sorted ascending, element (n - 1) / 2), then <see cref="FedAvg"/> runs
    /// unchanged, so the sums are exact and the rounding is FedAvg's.
    /// <para>
    /// Why: sample counts are self-reported, and under plain FedAvg one EV claiming 10^9 samples against honest EVs
    /// with 100 owns the global model. Capping bounds a liar's weight by what an honest median EV reports: at least
    /// n - (n - 1) / 2 updates weigh the full cap, so no single update carries more than 1 / (n - (n - 1) / 2) of the
    /// total weight, and while liars are at most n - 1 - (n - 1) / 2 of the updates the cap is no larger than some
    /// honest EV's count. EVs at or below the median keep their counts, so honest EVs with similar data sizes keep
    /// (nearly) their plain FedAvg weights, and with equal counts the result is exactly FedAvg's. It bounds the
    /// weight a lie about n_k buys, not the values an update sends: against poisoned weights use the median or the
    /// trimmed mean.
    /// </para>
    /// </summary>
    public static int[] CappedFedAvg(IReadOnlyList<ModelContribution> updates)
    {
        Validate(updates);
        var counts = new ulong[updates.Count];
        for (var k = 0; k < updates.Count; k++)
        {
            counts[k] = updates[k].SampleCount;
        }

        // Sorting plain integers gives the same array for any input order, so the cap is order-independent.
        Array.Sort(counts);
        var cap = counts[(counts.Length - 1) / 2];
        var capped = new ModelContribution[updates.Count];
        for (var k = 0; k < updates.Count; k++)
        {
            capped[k] = updates[k] with { SampleCount = Math.Min(updates[k].SampleCount, cap) };
        }

        return FedAvg(capped);
    }

    /// <summary>
    /// Per-coordinate median of the updates, unweighted (sample counts are validated but not used: a large claimed
    /// n_k must not buy influence). For an even count it is the LOWER median (the (n/2)-th smallest, 1-based), an
    /// actual value of some update, so no rounding is needed. With f &lt; n/2 poisoned updates each coordinate stays
    /// within the range of the honest updates' values.
    /// </summary>
    public static int[] CoordinateMedian(IReadOnlyList<ModelContribution> updates)
    {
        var length = Validate(updates);
        var n = updates.Count;
        var middle = (n - 1) / 2;
        return PerCoordinate(updates, length, column => Select(column, middle));
    }

    /// <summary>
    /// Per-coordinate trimmed mean: drop the <paramref name="trimPerSide"/> lowest and highest values of each
    /// coordinate, average the remaining n - 2k, rounded half away from zero; unweighted like the median. With
    /// f &lt;= k poisoned updates each coordinate stays within the range of the honest updates' values. k = 0 is the
    /// plain (unweighted) mean. Needs 2k &lt; n.
    /// </summary>
    public static int[] TrimmedMean(IReadOnlyList<ModelContribution> updates, int trimPerSide)
    {
        var length = Validate(updates);
        var n = updates.Count;
        if (trimPerSide < 0 || (long)trimPerSide * 2 >= n)
        {
            throw new AggregationException(
                $"trimmed mean: trimming {trimPerSide} per side of {n} update(s) leaves nothing to average (need 0 <= 2k < n)");
        }

        var k = trimPerSide;
        var kept = n - (2 * k);
        return PerCoordinate(updates, length, column =>
        {
            if (k > 0)
            {
                // After the first selection column[k..] holds the n - k largest values; the second puts the
                // (n - k - 1)-th smallest at its place, so column[k .. n - k - 1] is exactly the kept middle.
                Select(column, k);
                Select(column[k..], kept - 1);
            }

            long sum = 0;
            foreach (var value in column.Slice(k, kept))
            {
                sum += value;
            }

            return (int)DivideRoundHalfAwayFromZero(sum, kept);
        });
    }

    /// <summary>Checks the inputs and returns the common weight count.</summary>
    private static int Validate(IReadOnlyList<ModelContribution> updates)
    {
        if (updates is null || updates.Count == 0)
        {
            throw new AggregationException("no model updates to aggregate (need at least one)");
        }

        var length = updates[0].Weights.Length;
        for (var k = 0; k < updates.Count; k++)
        {
            var update = updates[k];
            if (update.SampleCount == 0)
            {
                throw new AggregationException($"model update {k}: the sample count must be at least 1");
            }

            if (update.Weights.Length != length)
            {
                throw new AggregationException(
                    $"model update {k} has {update.Weights.Length} weights but update 0 has {length}: all updates must have the same shape");
            }
        }

        return length;
    }

    private delegate int ColumnReducer(Span<int> column);

    /// <summary>Transposes tiles of coordinates into one reused buffer and reduces each coordinate's column.</summary>
    private static int[] PerCoordinate(IReadOnlyList<ModelContribution> updates, int length, ColumnReducer reduce)
    {
        var n = updates.Count;
        var result = new int[length];
        var buffer = new int[(long)n * Math.Min(TileWidth, Math.Max(length, 1))];
        for (var start = 0; start < length; start += TileWidth)
        {
            var width = Math.Min(TileWidth, length - start);
            for (var k = 0; k < n; k++)
            {
                var tile = updates[k].Weights.Span.Slice(start, width);
                for (var c = 0; c < width; c++)
                {
                    buffer[(c * n) + k] = tile[c];
                }
            }

            for (var c = 0; c < width; c++)
            {
                result[start + c] = reduce(buffer.AsSpan(c * n, n));
            }
        }

        return result;
    }

    /// <summary>
    /// Rearranges <paramref name="values"/> so that values[index] is the (index+1)-th smallest, nothing before it is
    /// larger and nothing after it is smaller; returns it. Quickselect with a median-of-three pivot; after
    /// 2 x log2(n) + 2 rounds it sorts what is left, which bounds the worst case at O(n log n).
    /// </summary>
    internal static int Select(Span<int> values, int index)
    {
        var lo = 0;
        var hi = values.Length - 1;
        var budget = (2 * BitOperations.Log2((uint)Math.Max(values.Length, 1))) + 2;
        while (hi > lo)
        {
            if (budget-- == 0)
            {
                values[lo..(hi + 1)].Sort();
                return values[index];
            }

            var mid = lo + ((hi - lo) >> 1);
            if (values[mid] < values[lo])
            {
                (values[mid], values[lo]) = (values[lo], values[mid]);
            }

            if (values[hi] < values[lo])
            {
                (values[hi], values[lo]) = (values[lo], values[hi]);
            }

            if (values[hi] < values[mid])
            {
                (values[hi], values[mid]) = (values[mid], values[hi]);
            }

            var pivot = values[mid];
            var i = lo;
            var j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            // Now values[lo..j] <= pivot, values[i..hi] >= pivot and anything between equals the pivot.
            if (index <= j)
            {
                hi = j;
            }
            else if (index >= i)
            {
                lo = i;
            }
            else
            {
                return values[index];
            }
        }

        return values[index];
    }

    internal static long DivideRoundHalfAwayFromZero(long numerator, long divisor)
    {
        var quotient = Math.DivRem(numerator, divisor, out var remainder);
        if (remainder == 0)
        {
            return quotient;
        }

        // |remainder| < divisor < 2^32 here and in the trimmed mean, so doubling cannot overflow.
        var twice = Math.Abs(remainder) * 2;
        return twice >= divisor ? quotient + (numerator < 0 ? -1 : 1) : quotient;
    }

    internal static Int128 DivideRoundHalfAwayFromZero(Int128 numerator, UInt128 divisor)
    {
        var negative = numerator < 0;
        var magnitude = (UInt128)(negative ? -numerator : numerator);
        var (quotient, remainder) = UInt128.DivRem(magnitude, divisor);
        if (remainder >= divisor - remainder)
        {
            quotient++;
        }

        var result = (Int128)quotient;
        return negative ? -result : result;
    }
}
