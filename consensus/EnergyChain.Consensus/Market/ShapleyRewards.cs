using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace EnergyChain.Consensus.Market;

/// <summary>
/// Splits a reward among the members of a coalition by the Shapley value (thesis eq. 3.3), with the characteristic
/// function v(S') = PS_S' (eq. 3.5) of the sub-coalition S' after OptimizeLoss, v(empty) = 0.
/// <para>
/// Up to <see cref="ExactMaxMembers"/> members (2^12 = 4,096 sub-coalitions, each one min-cost flow) the value is
/// exact: m! * phi_i = sum over S' not containing i of |S'|! (m - |S'| - 1)! (v(S' + i) - v(S')), in Int128. Above it,
/// <see cref="SampledPermutations"/> uniformly random orders are drawn from SHA-256(seed | u64 counter) (Fisher-Yates with
/// rejection sampling, so no modulo bias) and P * phi_i is estimated by the summed marginal contributions. Each member's
/// estimate is a mean of P independent draws of a marginal contribution lying in [lo, hi], so by Hoeffding
/// |estimate - phi_i| &lt;= (hi - lo) * sqrt(ln(2 / alpha) / (2P)) with probability 1 - alpha; for P = 2,000 and
/// alpha = 10^-6 that is 0.060 (hi - lo).
/// </para>
/// <para>
/// Shares: total * max(phi_i, 0) / sum, rounded down, the units left over one each to the largest remainders (ties:
/// the earlier member in the given order), so the shares sum exactly to total. All values zero: equal split, the
/// remainder to the first members in the given order.
/// </para>
/// </summary>
public static class ShapleyRewards
{
    /// <summary>Largest coalition whose Shapley values are computed exactly.</summary>
    public const int ExactMaxMembers = 12;

    /// <summary>Permutations drawn above <see cref="ExactMaxMembers"/>.</summary>
    public const int SampledPermutations = 2_000;

    /// <summary>
    /// Shares of <paramref name="total"/> (&gt;= 0) for each member of <paramref name="coalitionMembers"/>, same order;
    /// non-negative and summing exactly to total. <paramref name="seed"/> drives the sampling (chain-derived).
    /// </summary>
    public static long[] Allocate(long total, IReadOnlyList<ProsumerInput> prosumers, IReadOnlyList<int> coalitionMembers, GridParameters grid, ReadOnlySpan<byte> seed) =>
        Allocate(total, prosumers, coalitionMembers, grid, seed, ExactMaxMembers, SampledPermutations);

    /// <summary>Like <see cref="Allocate(long, IReadOnlyList{ProsumerInput}, IReadOnlyList{int}, GridParameters, ReadOnlySpan{byte})"/> with explicit bounds (tests, experiments; consensus uses the defaults).</summary>
    public static long[] Allocate(
        long total, IReadOnlyList<ProsumerInput> prosumers, IReadOnlyList<int> coalitionMembers, GridParameters grid, ReadOnlySpan<byte> seed, int exactMaxMembers, int permutations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        var values = ScaledValues(prosumers, coalitionMembers, grid, seed, exactMaxMembers, permutations);
        var weights = values.Select(v => BigInteger.Max(v, BigInteger.Zero)).ToArray();
        return Apportion.LargestRemainder(total, weights);
    }

    /// <summary>
    /// Shapley values times a common positive scale (m! when exact, the permutation count when sampled), per member in
    /// the given order. Divide by <see cref="Scale"/> for the values in Wh.
    /// </summary>
    public static BigInteger[] ScaledValues(
        IReadOnlyList<ProsumerInput> prosumers, IReadOnlyList<int> coalitionMembers, GridParameters grid, ReadOnlySpan<byte> seed, int exactMaxMembers, int permutations)
    {
        ArgumentNullException.ThrowIfNull(coalitionMembers);
        ArgumentOutOfRangeException.ThrowIfNegative(exactMaxMembers);
        if (exactMaxMembers > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(exactMaxMembers), "exact Shapley values are limited to 20 members");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        var ctx = MarketContext.Create(prosumers, grid);
        var m = coalitionMembers.Count;
        var seen = new HashSet<int>();
        foreach (var i in coalitionMembers)
        {
            if (i < 0 || i >= ctx.Count || !seen.Add(i))
            {
                throw new ArgumentException($"coalition members must be distinct prosumer indices in 0..{ctx.Count - 1}", nameof(coalitionMembers));
            }
        }

        if (m == 0)
        {
            return [];
        }

        // Work in a context of the members only, in ascending prosumer order, with a distance table: v(S') is then
        // computed exactly as on the full list (same inputs, same order) but without recomputing square roots.
        var sorted = coalitionMembers.Order().ToArray();
        var sub = MarketContext.Create([.. sorted.Select(i => prosumers[i])], grid);
        sub.CacheDistances();
        var members = coalitionMembers.Select(i => Array.BinarySearch(sorted, i)).ToArray();
        return m <= exactMaxMembers ? Exact(sub, members) : Sampled(sub, members, seed, permutations);
    }

    /// <summary>The scale <see cref="ScaledValues"/> uses for a coalition of <paramref name="m"/> members.</summary>
    public static BigInteger Scale(int m, int exactMaxMembers, int permutations) =>
        m <= exactMaxMembers ? Factorial(m) : permutations;

    private static BigInteger[] Exact(MarketContext ctx, int[] members)
    {
        var m = members.Length;
        var v = new long[1 << m];
        for (var mask = 1; mask < v.Length; mask++)
        {
            v[mask] = Worth(ctx, members, mask);
        }

        var fact = new Int128[m + 1];
        fact[0] = 1;
        for (var k = 1; k <= m; k++)
        {
            fact[k] = fact[k - 1] * k;
        }

        var phi = new Int128[m];
        for (var mask = 0; mask < v.Length; mask++)
        {
            var size = BitOperations.PopCount((uint)mask);
            if (size == m)
            {
                continue;
            }

            var weight = fact[size] * fact[m - size - 1];
            for (var k = 0; k < m; k++)
            {
                if ((mask & (1 << k)) == 0)
                {
                    phi[k] += weight * (v[mask | (1 << k)] - v[mask]);
                }
            }
        }

        return phi.Select(p => (BigInteger)p).ToArray();
    }

    private static BigInteger[] Sampled(MarketContext ctx, int[] members, ReadOnlySpan<byte> seed, int permutations)
    {
        var m = members.Length;
        var sums = new Int128[m];
        var stream = new SeedStream(seed);
        var order = new int[m];
        var cache = m <= 64 ? new Dictionary<ulong, long>() : null;
        for (var p = 0; p < permutations; p++)
        {
            for (var k = 0; k < m; k++)
            {
                order[k] = k;
            }

            for (var k = m - 1; k > 0; k--)
            {
                var r = (int)stream.Below((ulong)k + 1);
                (order[k], order[r]) = (order[r], order[k]);
            }

            var prefix = new List<int>(m);
            var mask = 0UL;
            var previous = 0L;
            foreach (var k in order)
            {
                prefix.Add(k);
                mask |= 1UL << (k & 63);
                long worth;
                if (cache is not null && cache.TryGetValue(mask, out var known))
                {
                    worth = known;
                }
                else
                {
                    worth = Worth(ctx, [.. prefix.Select(t => members[t])]);
                    cache?.Add(mask, worth);
                }

                sums[k] += worth - previous;
                previous = worth;
            }
        }

        return sums.Select(s => (BigInteger)s).ToArray();
    }

    private static long Worth(MarketContext ctx, int[] members, int mask)
    {
        var subset = new List<int>();
        for (var k = 0; k < members.Length; k++)
        {
            if ((mask & (1 << k)) != 0)
            {
                subset.Add(members[k]);
            }
        }

        return Worth(ctx, [.. subset]);
    }

    /// <summary>v(S') = PS_S' after OptimizeLoss; members are sorted so the value does not depend on their order.</summary>
    private static long Worth(MarketContext ctx, int[] subset)
    {
        Array.Sort(subset);
        var losses = LossOptimizer.Losses(ctx, subset);
        long sum = 0;
        for (var k = 0; k < subset.Length; k++)
        {
            sum += ctx.Score(subset[k], losses[k]);
        }

        return sum;
    }

    private static BigInteger Factorial(int m)
    {
        var f = BigInteger.One;
        for (var k = 2; k <= m; k++)
        {
            f *= k;
        }

        return f;
    }

    /// <summary>Uniform integers from SHA-256(seed | u64 counter), 4 x 64-bit words per block.</summary>
    private sealed class SeedStream(ReadOnlySpan<byte> seed)
    {
        private readonly byte[] _input = [.. seed, 0, 0, 0, 0, 0, 0, 0, 0];
        private readonly byte[] _block = new byte[32];
        private ulong _counter;
        private int _used = 4;

        public ulong Below(ulong bound)
        {
            // Reject the top partial range so every value below bound is equally likely.
            var limit = ulong.MaxValue - (ulong.MaxValue % bound);
            while (true)
            {
                var x = Next();
                if (x < limit)
                {
                    return x % bound;
                }
            }
        }

        private ulong Next()
        {
            if (_used == 4)
            {
                BinaryPrimitives.WriteUInt64BigEndian(_input.AsSpan(_input.Length - 8), _counter++);
                SHA256.HashData(_input, _block);
                _used = 0;
            }

            return BinaryPrimitives.ReadUInt64BigEndian(_block.AsSpan(8 * _used++));
        }
    }
}
