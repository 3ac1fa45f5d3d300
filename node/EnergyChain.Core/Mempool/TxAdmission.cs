using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Core.Mempool;

/// <summary>What the mempool did with a submitted transaction.</summary>
public sealed record TxAdmission(TxAdmissionStatus Status, Hash256 Hash, TxRejection? Rejection = null)
{
    public bool Accepted => Status is TxAdmissionStatus.Added or TxAdmissionStatus.Replaced or TxAdmissionStatus.AlreadyKnown;

    public override string ToString() => Rejection is null ? $"{Status} {Hash}" : $"{Status} {Hash}: {Rejection}";
}
