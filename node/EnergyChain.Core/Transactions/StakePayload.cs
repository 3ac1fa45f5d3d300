using EnergyChain.Core.Codec;

namespace EnergyChain.Core.Transactions;

/// <summary>Locks <see cref="Amount"/> of the sender's balance as stake.</summary>
public sealed record StakePayload(ulong Amount) : TxPayload
{
    public override TxType Type => TxType.Stake;

    internal override void Write(CanonicalWriter writer) => writer.WriteU64(Amount);
}
