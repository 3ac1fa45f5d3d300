using System.Numerics;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Pow;

namespace EnergyChain.Consensus.Tests.Pow;

public sealed class PowDifficultyTests
{
    private const long Spacing = 1000;

    private static readonly BigInteger Initial = PowTarget.Normalize(PowTarget.FromLeadingZeroBits(20));

    private static PowParameters Parameters(int initialBits = 20, int minBits = 8) => new()
    {
        TargetBlockMs = (ulong)Spacing,
        InitialTarget = PowTarget.Normalize(PowTarget.FromLeadingZeroBits(initialBits)),
        MaxTarget = PowTarget.Normalize(PowTarget.FromLeadingZeroBits(minBits)),
        RetargetInterval = 4,
        MaxAdjustmentFactor = 4,
    };

    [Fact]
    public void The_first_window_uses_the_initial_target_and_retargets_start_after_each_full_window()
    {
        var d = new PowDifficulty(Parameters());
        Assert.False(d.IsRetargetHeight(1));
        Assert.False(d.IsRetargetHeight(4));
        Assert.True(d.IsRetargetHeight(5));
        Assert.False(d.IsRetargetHeight(6));
        Assert.True(d.IsRetargetHeight(9));

        // Wildly fast blocks do not matter inside the first window.
        var chain = new UnminedChain(Parameters());
        for (var h = 1; h <= 4; h++)
        {
            Assert.Equal(Initial, chain.NextTarget());
            chain.Append(1);
        }

        Assert.NotEqual(Initial, chain.NextTarget());
    }

    [Fact]
    public void Blocks_on_schedule_keep_the_target()
    {
        // A launch long before block 1 must not count: the first window is measured from block 1.
        var chain = new UnminedChain(Parameters());
        chain.Append(3_600_000);
        chain.AppendMany(39, Spacing);

        Assert.All(chain.Headers.Skip(1), h => Assert.Equal(Initial, PowSeal.Decode(h.ConsensusData.Span).Target));
        Assert.Equal(Initial, chain.NextTarget());
    }

    [Fact]
    public void Blocks_twice_too_fast_halve_the_target()
    {
        var chain = new UnminedChain(Parameters());
        chain.AppendMany(4, Spacing / 2);
        var halved = chain.NextTarget();
        Assert.Equal(PowTarget.Normalize(Initial / 2), halved);

        chain.AppendMany(4, Spacing / 2);
        Assert.Equal(PowTarget.Normalize(halved / 2), chain.NextTarget());
    }

    [Fact]
    public void Blocks_twice_too_slow_double_the_target()
    {
        var chain = new UnminedChain(Parameters());
        chain.AppendMany(4, Spacing * 2);
        Assert.Equal(PowTarget.Normalize(Initial * 2), chain.NextTarget());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Spacing / 4)]
    public void Much_faster_blocks_are_clamped_at_a_quarter_of_the_target(long delta)
    {
        var chain = new UnminedChain(Parameters());
        chain.AppendMany(4, delta);
        Assert.Equal(PowTarget.Normalize(Initial / 4), chain.NextTarget());
    }

    [Theory]
    [InlineData(Spacing * 4)]
    [InlineData(Spacing * 100)]
    [InlineData(long.MaxValue / 8)]
    public void Much_slower_blocks_are_clamped_at_four_times_the_target(long delta)
    {
        var chain = new UnminedChain(Parameters());
        chain.AppendMany(4, delta);
        Assert.Equal(PowTarget.Normalize(Initial * 4), chain.NextTarget());
    }

    [Fact]
    public void Retargeting_never_goes_easier_than_the_minimum_difficulty()
    {
        var p = Parameters(initialBits: 9, minBits: 8);
        var chain = new UnminedChain(p);
        for (var window = 0; window < 4; window++)
        {
            chain.AppendMany(4, Spacing * 100);
            Assert.Equal(p.MaxTarget, chain.NextTarget());
        }

        Assert.Equal(p.MaxTarget, new PowDifficulty(p).Retarget(p.MaxTarget, long.MaxValue, 1));
    }

    [Fact]
    public void Retargeting_never_reaches_a_zero_target()
    {
        var p = Parameters(initialBits: 255, minBits: 8) with { InitialTarget = BigInteger.One };
        var chain = new UnminedChain(p);
        chain.AppendMany(4, 0);
        Assert.Equal(BigInteger.One, chain.NextTarget());
    }

    [Fact]
    public void The_interval_between_two_windows_is_measured_unlike_bitcoin()
    {
        // Windows 1-4 and 5-8 on schedule except one slow gap between blocks 4 and 5. Measured from block 4 to
        // block 8 that gap counts (8 s over 4 intervals of 1 s: target x2); Bitcoin's 5-to-8 span would miss it.
        var chain = new UnminedChain(Parameters());
        chain.AppendMany(4, Spacing);
        Assert.Equal(Initial, chain.NextTarget());
        chain.Append(5 * Spacing);
        chain.AppendMany(3, Spacing);
        Assert.Equal(PowTarget.Normalize(Initial * 2), chain.NextTarget());
    }

    [Fact]
    public void Between_retargets_every_block_repeats_its_parent_target()
    {
        var chain = new UnminedChain(Parameters());
        chain.AppendMany(4, Spacing / 2);
        var retargeted = chain.NextTarget();
        chain.Append(Spacing);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(retargeted, chain.NextTarget());
            chain.Append(1);
        }

        // The non-retarget rule reads the parent's seal, not the initial target or the window.
        var odd = PowTarget.Normalize(PowTarget.FromLeadingZeroBits(30));
        var d = chain.Difficulty;
        var parent = chain.Headers[5] with { ConsensusData = PowSeal.For(odd, 0).Encode() };
        Assert.Equal(odd, d.ExpectedTarget(parent, chain.Book));
    }

    [Fact]
    public void Interval_one_retargets_every_block_from_height_three()
    {
        var p = Parameters() with { RetargetInterval = 1 };
        var chain = new UnminedChain(p);
        chain.Append(Spacing);
        Assert.Equal(Initial, chain.NextTarget());
        chain.Append(Spacing / 2);
        Assert.Equal(PowTarget.Normalize(Initial / 2), chain.NextTarget());
    }

    [Fact]
    public void A_missing_ancestor_or_a_malformed_parent_seal_is_an_error_not_a_guess()
    {
        var chain = new UnminedChain(Parameters());
        chain.AppendMany(8, Spacing);
        chain.Book.Remove(chain.Headers[5]);

        Assert.False(chain.Difficulty.TryGetExpectedTarget(chain.Tip, chain.Book, out _, out var error));
        Assert.Contains("not known", error, StringComparison.Ordinal);
        Assert.Throws<PowRuleException>(() => chain.NextTarget());

        var broken = chain.Headers[6] with { ConsensusData = new byte[] { 9 } };
        Assert.False(chain.Difficulty.TryGetExpectedTarget(broken, chain.Book, out _, out error));
        Assert.Contains("version 9", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Retarget_is_exact_integer_math()
    {
        var d = new PowDifficulty(Parameters(minBits: 0) with { MaxTarget = PowTarget.Max });
        var old = new BigInteger(3_000_000);

        // 4 intervals of 1 s expected; 5 s actual: 3,000,000 * 5000 / 4000 = 3,750,000 (compact keeps it exactly).
        Assert.Equal(new BigInteger(3_750_000), d.Retarget(old, 5000, 4));
        Assert.Equal(new BigInteger(750_000), d.Retarget(old, -5, 4));
        Assert.Equal(new BigInteger(12_000_000), d.Retarget(old, 16_000, 4));
        Assert.Equal(new BigInteger(2_999_250), d.Retarget(old, 3999, 4));
    }

    [Fact]
    public void Parameters_record_defaults_are_consistent()
    {
        var p = new PowParameters();
        Assert.True(p.InitialTarget <= p.MaxTarget);
        Assert.Equal(PowTarget.Normalize(p.InitialTarget), p.InitialTarget);
        Assert.Equal(0UL, p.BlockReward);
    }
}
