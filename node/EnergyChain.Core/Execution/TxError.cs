namespace EnergyChain.Core.Execution;

/// <summary>Why a transaction is refused. Stable names: the API and the wallet show them to operators.</summary>
public enum TxError
{
    Malformed,
    BadSignature,
    WrongChainId,
    /// <summary>The nonce was already used: a replay.</summary>
    NonceTooLow,
    /// <summary>The nonce skips ahead of the account's next nonce.</summary>
    NonceGap,
    InsufficientBalance,
    InsufficientStake,
    /// <summary>An amount would overflow 64 bits.</summary>
    Overflow,
    DuplicateInBlock,
    FeeTooLow,
    ZeroAmount,
    TooLarge,
    /// <summary>Evidence that proves nothing: headers that do not conflict, bad signatures, an unknown offender, a future height.</summary>
    InvalidEvidence,
    /// <summary>The offender was already slashed for this height or a later one: one offence is slashed once.</summary>
    EvidenceAlreadyUsed,
    /// <summary>A contract transaction on a node without a contract runtime.</summary>
    ContractsDisabled,
    /// <summary>A deploy whose code does not load (decode or verify) or whose address is taken; a call to no contract or an unknown function.</summary>
    InvalidContract,
    /// <summary>An engine input the engine refuses: a forecast or EV report out of range, for a past slot, duplicated, from a non-member; a model update of the wrong shape.</summary>
    InvalidReport,
    /// <summary>An engine transaction (report, registration, model update) on a chain whose engine does not take it.</summary>
    UnsupportedByEngine,

    /// <summary>A meter reading signed by a key that is not the household's registered meter.</summary>
    NotHouseholdMeter,

    /// <summary>A meter reading for a slot that has not ended yet, or whose reading window has closed.</summary>
    ReadingOutOfWindow,

    /// <summary>A second meter reading for the same household and slot.</summary>
    DuplicateReading,

    /// <summary>An energy value above the engine's configured maximum.</summary>
    ValueOutOfRange,

    /// <summary>Price limits outside the allowed range, or a minimum sell price above the maximum buy price.</summary>
    InvalidPriceLimits,

    /// <summary>A V2V intent for an hour outside the availability it states, or an availability longer than a day.</summary>
    OutsideAvailability,

    /// <summary>A V2V intent at a charging site the genesis does not list.</summary>
    UnknownSite,

    /// <summary>A second V2V intent from the same EV for the same hour.</summary>
    DuplicateIntent,

    /// <summary>A V2V delivery report from an EV that has no matched trade with the named counterparty in that hour.</summary>
    NotTradeParty,

    /// <summary>A join request for a key that is already a member (or about to become one).</summary>
    AlreadyMember,

    /// <summary>A membership vote, leave or eviction from (or about) a key that is not a member.</summary>
    NotMember,

    /// <summary>A join request or eviction about a key that already has an open proposal, or too many open proposals.</summary>
    ProposalOpen,

    /// <summary>A vote on a subject that has no open proposal.</summary>
    NoOpenProposal,

    /// <summary>A second vote by the same member on the same proposal.</summary>
    DuplicateVote,

    /// <summary>A leave or eviction that would drop the member set below the genesis minimum.</summary>
    BelowMinimumMembers,

    /// <summary>A join request whose deposit is below the genesis minimum.</summary>
    DepositTooLow,

    /// <summary>Under operator admission, a vote signed by a key other than the operator's.</summary>
    NotOperator,

    /// <summary>A join request when the member set is at its genesis maximum.</summary>
    MembershipFull,

    /// <summary>A name, location, meter or reason a membership transaction cannot use.</summary>
    InvalidMember,

    // Mempool policy, not validity: the same transaction may be accepted later.

    /// <summary>The pool is at its count or byte cap and the transaction pays too little to evict another.</summary>
    PoolFull,
    /// <summary>The nonce is further ahead of the account's next nonce than the pool holds per sender.</summary>
    NonceTooFarAhead,
    /// <summary>Another transaction with this sender and nonce is pending and pays at least as much.</summary>
    ReplacementUnderpriced,
}
