using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// Parameters of the elected engines (PoS; PoEG and PoSOC build on them), from <c>genesis.consensus.params</c>:
/// <code>
/// { "proposeTimeoutMs": 3000 }
/// </code>
/// Every field is optional (the defaults above); unknown fields are errors. The slashing fraction, the exclusion
/// and the unbonding period are chain rules applied by the core, so they live in genesis <c>parameters</c>
/// (<c>slashPpm</c>, <c>exclusionBlocks</c>, <c>unbondingBlocks</c>), not here.
/// </summary>
public sealed record PosParameters
{
    /// <summary>Largest timeout accepted: one hour.</summary>
    public const ulong MaxDurationMs = 3_600_000;

    /// <summary>
    /// Finality needs MORE than two thirds of the voting weight: weight * 3 &gt; total * 2, computed exactly
    /// in integers. Fixed by the protocol (BFT safety needs it), not a parameter; genesis may not set it.
    /// </summary>
    public const ulong FinalityThresholdNumerator = 2;

    /// <summary>See <see cref="FinalityThresholdNumerator"/>.</summary>
    public const ulong FinalityThresholdDenominator = 3;

    /// <summary>2/3 in parts per million, rounded down, for display only; the rule is the exact fraction.</summary>
    public const ulong FinalityThresholdPpm = 666_666;

    /// <summary>Every key genesis consensus.params may set for this engine.</summary>
    public static readonly IReadOnlyList<string> FieldNames = ["proposeTimeoutMs"];

    /// <summary>How long to wait for the elected producer's proposal before moving to the next round. JSON <c>proposeTimeoutMs</c>, default 3000.</summary>
    public ulong ProposeTimeoutMs { get; init; } = 3000;

    /// <summary>Whether <paramref name="weight"/> of <paramref name="total"/> voting weight finalizes: weight * 3 &gt; total * 2.</summary>
    public static bool IsFinalityQuorum(UInt128 weight, UInt128 total) =>
        weight * FinalityThresholdDenominator > total * FinalityThresholdNumerator;

    public static PosParameters FromGenesis(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        return Parse(genesis.EngineParametersJson);
    }

    /// <summary>Parses the parameter object; throws <see cref="EngineParameterException"/> naming the bad field.</summary>
    public static PosParameters Parse(string? json)
    {
        var p = StrictJsonParameters.Parse(json);
        var defaults = new PosParameters();
        p.Forbid("finalityThresholdPpm", "fixed by the protocol at more than 2/3 of the voting weight; remove the field");
        foreach (var field in (string[])["slashPpm", "exclusionBlocks", "unbondingBlocks"])
        {
            p.Forbid(field, "a chain rule applied by the core: set it in genesis \"parameters\", not in consensus.params");
        }

        var result = new PosParameters
        {
            ProposeTimeoutMs = p.UInt64("proposeTimeoutMs", defaults.ProposeTimeoutMs, 1, MaxDurationMs),
        };
        p.EnsureAllRead(EngineNames.Pos, [.. FieldNames]);
        return result;
    }
}
