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
}
