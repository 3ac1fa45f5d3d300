using EnergyChain.Core.Membership;

namespace EnergyChain.Core.Execution;

/// <summary>Consensus-critical limits every node takes from the genesis file.</summary>
public sealed record ChainParameters
{
    /// <summary>Parts per million: the denominator of <see cref="SlashPpm"/>.</summary>
    public const ulong PpmDenominator = 1_000_000;

    public required string ChainId { get; init; }

    public int MaxBlockTransactions { get; init; } = 10_000;

    public int MaxBlockBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Smallest fee (micro-units) a transaction must pay; fees go to the block producer.</summary>
    public ulong MinTxFee { get; init; }

    /// <summary>
    /// Blocks an unstaked amount stays locked (and slashable) before it may return to the balance: an Unstake
    /// in block h is released from height h + UnbondingBlocks on. 0 returns unstaked funds at once.
    /// </summary>
    public ulong UnbondingBlocks { get; init; } = 100;

    /// <summary>Share of an offender's stake and pending unbonding burned per offence, in parts per million.</summary>
    public ulong SlashPpm { get; init; } = 100_000;

    /// <summary>Blocks after a slash during which the offender may not be elected (it sets <c>ExcludedUntilHeight</c>).</summary>
    public ulong ExclusionBlocks { get; init; } = 100;

    /// <summary>How the member set changes on a running chain (genesis <c>membership</c>).</summary>
    public MembershipRules Membership { get; init; } = new();
}
