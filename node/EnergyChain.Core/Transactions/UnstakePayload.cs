using EnergyChain.Core.Codec;

namespace EnergyChain.Core.Transactions;

/// <summary>Releases <see cref="Amount"/> of locked stake back to the balance.</summary>
public sealed record UnstakePayload(ulong Amount) : TxPayload
{
    public override TxType Type => TxType.Unstake;

    internal override void Write(CanonicalWriter writer) => writer.WriteU64(Amount);
}
