using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Codec;

namespace EnergyChain.Consensus.Pow;

/// <summary>
/// The target every block must name, a deterministic function of its ancestors (integer math only).
/// <list type="bullet">
/// <item>Blocks are grouped in windows of <c>RetargetInterval</c> (I): blocks 1..I, I+1..2I, ... Every block of the
/// first window uses <c>InitialTarget</c>.</item>
/// <item>The first block of every later window (height h with h - 1 a multiple of I) retargets:
/// <c>new = old * actual / expected</c>, where old is the parent's target, actual the time the chain took,
/// expected = gaps * TargetBlockMs, and actual is clamped so the target moves by at most MaxAdjustmentFactor
/// either way. The result is capped at <c>MaxTarget</c> (minimum difficulty), kept at least 1 and rounded down to
/// compact precision.</item>
/// <item>Every other block repeats its parent's target.</item>
/// </list>
/// <para>
/// Off by one: Bitcoin measures from the first to the last block of a window (I - 1 block intervals) but divides
/// by I intervals, so it overestimates the target by I/(I-1). Here the timespan runs from the last block of the
/// previous window to the parent (the last block of the window just finished): exactly I intervals, all inside the
/// measured range, so no interval is ever left uncounted. The one exception is the first retarget: its window
/// would start at genesis, whose timestamp is the chain's configured launch time rather than a mined block's, so
/// it is measured from block 1 instead and expects I - 1 intervals. The expected timespan always uses the actual
/// number of intervals measured, so neither case is biased.
/// </para>
/// </summary>
public sealed class PowDifficulty
{
    public PowDifficulty(PowParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
    }

    public PowParameters Parameters { get; }

    /// <summary>Whether the block at <paramref name="height"/> starts a new window and so retargets.</summary>
    public bool IsRetargetHeight(ulong height) => height > Parameters.RetargetInterval && (height - 1) % Parameters.RetargetInterval == 0;

    /// <summary>The target the child of <paramref name="parent"/> must name; throws <see cref="PowRuleException"/> if the chain data is inconsistent.</summary>
    public BigInteger ExpectedTarget(BlockHeader parent, IHeaderReader headers) =>
        TryGetExpectedTarget(parent, headers, out var target, out var error) ? target : throw new PowRuleException(error);

    /// <summary>
    /// The target of the child of <paramref name="parent"/>. Fails (with a reason) when an ancestor is missing or
    /// inconsistent, or the parent's seal is malformed: data a validator must not guess about.
    /// </summary>
    public bool TryGetExpectedTarget(BlockHeader parent, IHeaderReader headers, out BigInteger target, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(headers);
        target = BigInteger.Zero;
        var height = parent.Height + 1;
        if (height <= Parameters.RetargetInterval)
        {
            target = Parameters.InitialTarget;
            error = null;
            return true;
        }

        if (!TryTargetOf(parent, out var previous, out error))
        {
            return false;
        }

        if (!IsRetargetHeight(height))
        {
            target = previous;
            return true;
        }

        // parent.Height is a multiple of the interval and at least the interval, so start >= 1.
        var startHeight = Math.Max(parent.Height - Parameters.RetargetInterval, 1);
        var gaps = parent.Height - startHeight;
        if (gaps == 0)
        {
            // Interval 1, first retarget: a single block spans no time; keep the target.
            target = previous;
            return true;
        }

        var start = parent;
        while (start.Height > startHeight)
        {
            var ancestor = headers.GetHeader(start.ParentHash);
            if (ancestor is null)
            {
                error = $"retarget window: ancestor {start.ParentHash} of block {start.Height} is not known";
                return false;
            }

            if (ancestor.Height + 1 != start.Height)
            {
                error = $"retarget window: block {start.Height}'s parent has height {ancestor.Height}";
                return false;
            }

            start = ancestor;
        }

        var actual = new BigInteger(parent.Timestamp) - start.Timestamp;
        target = Retarget(previous, actual, gaps);
        return true;
    }

    /// <summary>
    /// One retarget step: <paramref name="previousTarget"/> scaled by <paramref name="actualTimespanMs"/> over
    /// <paramref name="gaps"/> * TargetBlockMs, clamped to MaxAdjustmentFactor either way, capped at MaxTarget,
    /// at least 1, rounded down to compact precision.
    /// </summary>
    public BigInteger Retarget(BigInteger previousTarget, BigInteger actualTimespanMs, ulong gaps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(previousTarget, BigInteger.One);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(previousTarget, PowTarget.Max);
        ArgumentOutOfRangeException.ThrowIfZero(gaps);
        var expected = new BigInteger(gaps) * Parameters.TargetBlockMs;
        var factor = new BigInteger(Parameters.MaxAdjustmentFactor);

        // The clamps are applied as exact ratios (old / factor, old * factor) rather than by clamping the
        // timespan first, so integer division rounds once, and a timespan <= 0 (equal timestamps) is harmless.
        BigInteger next;
        if (actualTimespanMs * factor <= expected)
        {
            next = previousTarget / factor;
        }
        else if (actualTimespanMs >= expected * factor)
        {
            next = previousTarget * factor;
        }
        else
        {
            next = previousTarget * actualTimespanMs / expected;
        }

        if (next > Parameters.MaxTarget)
        {
            next = Parameters.MaxTarget;
        }

        if (next < BigInteger.One)
        {
            next = BigInteger.One;
        }

        return PowTarget.Normalize(next);
    }

    /// <summary>The target the seal of <paramref name="header"/> names.</summary>
    private static bool TryTargetOf(BlockHeader header, out BigInteger target, [NotNullWhen(false)] out string? error)
    {
        try
        {
            target = PowSeal.Decode(header.ConsensusData.Span).Target;
            error = null;
            return true;
        }
        catch (DecodeException e)
        {
            target = BigInteger.Zero;
            error = $"block {header.Height}'s seal: {e.Message}";
            return false;
        }
    }
}
