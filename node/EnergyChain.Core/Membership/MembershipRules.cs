using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Membership;

/// <summary>
/// The genesis <c>membership</c> section: who admits members (votes by default, or an operator key), the deposit a
/// join request locks, how many blocks after approval a change takes effect, and the bounds of the set.
/// </summary>
public sealed record MembershipRules
{
    /// <summary>The hard upper bound of <see cref="MaxMembers"/>: the whole set is one state record.</summary>
    public const int MaxMembersLimit = 256;

    public AdmissionMode Admission { get; init; } = AdmissionMode.Vote;

    /// <summary>The key whose vote alone decides, when <see cref="Admission"/> is <see cref="AdmissionMode.Operator"/>.</summary>
    public PublicKey? OperatorKey { get; init; }

    /// <summary>Smallest deposit (micro-units) a join request locks; returned when the request is rejected or the member leaves.</summary>
    public ulong MinDeposit { get; init; } = 1_000_000;

    /// <summary>
    /// Blocks between the block that approves a change and the first block it governs: approved in block h, the
    /// member votes, produces and connects from height h + delay (CometBFT applies validator updates at h + 2).
    /// </summary>
    public ulong ActivationDelayBlocks { get; init; } = 2;

    /// <summary>A leave or eviction that would leave fewer members is refused: 4 is the smallest BFT set that survives one fault.</summary>
    public int MinMembers { get; init; } = 4;

    public int MaxMembers { get; init; } = 128;

    /// <summary>Open proposals at most; a further one is refused until one closes.</summary>
    public int MaxOpenProposals { get; init; } = 16;
}
