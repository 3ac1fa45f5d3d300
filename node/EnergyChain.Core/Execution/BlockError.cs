namespace EnergyChain.Core.Execution;

/// <summary>Why a block is refused. A block with one bad transaction is refused whole.</summary>
public enum BlockError
{
    WrongHeight,
    WrongParent,
    TimestampBeforeParent,
    MissingProducer,
    BadProducerSignature,
    TooManyTransactions,
    TooLarge,
    TxRootMismatch,
    InvalidTransaction,
    StateRootMismatch,
    /// <summary>The consensus engine's incentives named a penalty that cannot apply (height 0 or above the block).</summary>
    InvalidPenalty,
    /// <summary>Fees plus the block reward would overflow the producer's balance.</summary>
    RewardOverflow,
    /// <summary>The header's consensus data is not what the engine's block-level work computes (PoEG market outcome, PoSOC aggregate).</summary>
    InvalidConsensusData,
}
