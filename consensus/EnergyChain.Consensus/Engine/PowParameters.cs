using System.Numerics;
using EnergyChain.Consensus.Pow;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// Proof-of-work parameters, from <c>genesis.consensus.params</c>:
/// <code>
/// { "targetBlockMs": 2000, "initialDifficultyBits": 20, "minDifficultyBits": 8, "retargetInterval": 16, "maxAdjustmentFactor": 4,
///   "blockReward": 0 }
/// </code>
/// or <c>"initialTargetHex": "00000fff..."</c> instead of <c>initialDifficultyBits</c> (not both). Difficulty
/// bits are leading zero bits: the target is 2^(256 - bits) - 1 (not Bitcoin's compact nBits). Every field is
/// optional (the defaults above); unknown fields are errors. Targets are rounded down to compact precision.
/// </summary>
public sealed record PowParameters
{
    public const ulong MaxRetargetInterval = 100_000;
    public const ulong MaxMaxAdjustmentFactor = 16;
    public const ulong MaxTargetBlockMs = 3_600_000;

    /// <summary>
    /// Largest <c>blockReward</c>, in micro-units (1,000 whole units). Balances are 64-bit, so the cap keeps the
    /// minted total far from overflow: at one block per second it takes over 500 years to mint 2^64 micro-units.
    /// </summary>
    public const ulong MaxBlockReward = 1_000_000_000;

    /// <summary>Default initial difficulty: 20 leading zero bits, about a million hashes per block.</summary>
    public const int DefaultInitialDifficultyBits = 20;

    /// <summary>Default minimum difficulty: 8 leading zero bits (target 2^248 - 1, 256 hashes per block).</summary>
    public const int DefaultMinDifficultyBits = 8;

    /// <summary>Every key genesis consensus.params may set for this engine.</summary>
    public static readonly IReadOnlyList<string> FieldNames =
        ["blockReward", "initialDifficultyBits", "initialTargetHex", "maxAdjustmentFactor", "minDifficultyBits", "retargetInterval", "targetBlockMs"];

    /// <summary>Block time that retargeting aims at, in milliseconds. JSON <c>targetBlockMs</c>, default 2000.</summary>
    public ulong TargetBlockMs { get; init; } = 2000;

    /// <summary>The target of block 1 and of every block until the first retarget.</summary>
    public BigInteger InitialTarget { get; init; } = PowTarget.Normalize(PowTarget.FromLeadingZeroBits(DefaultInitialDifficultyBits));

    /// <summary>
    /// The easiest target ever allowed (the minimum difficulty): retargeting never goes above it. JSON
    /// <c>minDifficultyBits</c> (leading zero bits), default 8.
    /// </summary>
    public BigInteger MaxTarget { get; init; } = PowTarget.Normalize(PowTarget.FromLeadingZeroBits(DefaultMinDifficultyBits));

    /// <summary>Blocks per retarget window. JSON <c>retargetInterval</c>, default 16.</summary>
    public ulong RetargetInterval { get; init; } = 16;

    /// <summary>One retarget changes the target by at most this factor either way. JSON <c>maxAdjustmentFactor</c>, default 4.</summary>
    public ulong MaxAdjustmentFactor { get; init; } = 4;

    /// <summary>
    /// Micro-units minted to each block's producer on top of the fees. JSON <c>blockReward</c>, default 0 (fees
    /// only), at most <see cref="MaxBlockReward"/>.
    /// </summary>
    public ulong BlockReward { get; init; }

    public static PowParameters FromGenesis(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        return Parse(genesis.EngineParametersJson);
    }

    /// <summary>Parses the parameter object; throws <see cref="EngineParameterException"/> naming the bad field.</summary>
    public static PowParameters Parse(string? json)
    {
        var p = StrictJsonParameters.Parse(json);
        var defaults = new PowParameters();
        if (p.Has("initialTargetHex") && p.Has("initialDifficultyBits"))
        {
            throw new EngineParameterException("initialTargetHex", "give either initialTargetHex or initialDifficultyBits, not both");
        }

        var targetBlockMs = p.UInt64("targetBlockMs", defaults.TargetBlockMs, 1, MaxTargetBlockMs);
        var minBits = (int)p.UInt64("minDifficultyBits", DefaultMinDifficultyBits, 0, 255);
        var maxTarget = PowTarget.Normalize(PowTarget.FromLeadingZeroBits(minBits));

        BigInteger initial;
        string initialField;
        var hex = p.OptionalString("initialTargetHex");
        if (hex is not null)
        {
            initialField = "initialTargetHex";
            if (!PowTarget.TryParseHex(hex, out initial))
            {
                throw new EngineParameterException(initialField, "expected 1 to 64 hexadecimal digits of a non-zero 256-bit target");
            }
        }
        else
        {
            initialField = "initialDifficultyBits";
            initial = PowTarget.FromLeadingZeroBits((int)p.UInt64(initialField, DefaultInitialDifficultyBits, 0, 255));
        }

        initial = PowTarget.Normalize(initial);
        if (initial > maxTarget)
        {
            throw new EngineParameterException(
                initialField, $"the initial target is easier than the minimum difficulty (minDifficultyBits = {minBits})");
        }

        var result = new PowParameters
        {
            TargetBlockMs = targetBlockMs,
            InitialTarget = initial,
            MaxTarget = maxTarget,
            RetargetInterval = p.UInt64("retargetInterval", defaults.RetargetInterval, 1, MaxRetargetInterval),
            MaxAdjustmentFactor = p.UInt64("maxAdjustmentFactor", defaults.MaxAdjustmentFactor, 1, MaxMaxAdjustmentFactor),
            BlockReward = p.UInt64("blockReward", defaults.BlockReward, 0, MaxBlockReward),
        };
        p.EnsureAllRead(EngineNames.Pow, [.. FieldNames]);
        return result;
    }
}
