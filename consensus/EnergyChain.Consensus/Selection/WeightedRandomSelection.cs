using System.Buffers.Binary;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Selection;

/// <summary>
/// Weighted random selection (thesis eq. 3.16 and 4.18), shared by every engine that elects a producer: the
/// chance of an eligible candidate is its weight over the total weight of the eligible candidates, drawn from a
/// seed every node derives from the chain, so all nodes elect the same candidate without talking.
/// <para>
/// Candidates of weight 0 are drawn only when no eligible candidate has a positive weight; then each eligible
/// candidate is equally likely. So a chain whose weights are all zero (nobody staked, no scores yet) still
/// elects someone: "all prosumers have a chance" and the chain never stalls.
/// </para>
/// <para>
/// The draw is exact: a uniform 128-bit number from SHA-256(seed | u32 counter), rejection-sampled so that the
/// range is a whole multiple of the total (no modulo bias), then mapped to the candidate whose cumulative
/// weight range holds it, in the order given (callers pass a canonical order).
/// </para>
/// </summary>
public static class WeightedRandomSelection
{
    /// <summary>
    /// The index of the drawn candidate, or -1 when no candidate is eligible.
    /// </summary>
    /// <param name="weights">The candidates' weights in canonical order.</param>
    /// <param name="eligible">Which candidates may be drawn (same length); every one when empty.</param>
    /// <param name="seed">The chain-derived seed of this draw.</param>
    public static int Draw(ReadOnlySpan<ulong> weights, ReadOnlySpan<bool> eligible, Hash256 seed)
    {
        if (!eligible.IsEmpty && eligible.Length != weights.Length)
        {
            throw new ArgumentException("eligible must be empty or have one entry per weight", nameof(eligible));
        }

        UInt128 total = 0;
        var eligibleCount = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (eligible.IsEmpty || eligible[i])
            {
                total += weights[i];
                eligibleCount++;
            }
        }

        if (eligibleCount == 0)
        {
            return -1;
        }

        // Last fallback: nobody eligible has weight, so every eligible candidate counts as weight 1.
        var uniform = total == 0;
        if (uniform)
        {
            total = (UInt128)eligibleCount;
        }

        var point = UniformBelow(total, seed);
        for (var i = 0; i < weights.Length; i++)
        {
            if (!eligible.IsEmpty && !eligible[i])
            {
                continue;
            }

            var weight = uniform ? 1UL : weights[i];
            if (point < weight)
            {
                return i;
            }

            point -= weight;
        }

        throw new InvalidOperationException("unreachable: the point lies below the total weight");
    }

    /// <summary>A uniform number in [0, <paramref name="bound"/>) derived from <paramref name="seed"/>.</summary>
    public static UInt128 UniformBelow(UInt128 bound, Hash256 seed)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);

        // Values at or above limit would make the low remainders more likely; draw again with the next counter.
        // The rejected share is below bound / 2^128, so more than one round is practically never needed.
        var limit = UInt128.MaxValue - (UInt128.MaxValue % bound);
        Span<byte> input = stackalloc byte[36];
        Span<byte> digest = stackalloc byte[32];
        seed.CopyTo(input);
        for (uint counter = 0; ; counter++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(input[32..], counter);
            Hash256.Compute(input).CopyTo(digest);
            var value = BinaryPrimitives.ReadUInt128BigEndian(digest);
            if (value < limit)
            {
                return value % bound;
            }
        }
    }
}
