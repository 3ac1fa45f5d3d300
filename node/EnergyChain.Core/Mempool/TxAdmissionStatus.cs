namespace EnergyChain.Core.Mempool;

public enum TxAdmissionStatus
{
    Added,
    /// <summary>Replaced a pending transaction with the same sender and nonce and a lower fee.</summary>
    Replaced,
    AlreadyKnown,
    Rejected,
}
