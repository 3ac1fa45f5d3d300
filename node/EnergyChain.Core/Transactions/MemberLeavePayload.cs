using EnergyChain.Core.Codec;

namespace EnergyChain.Core.Transactions;

/// <summary>A member's notice that it leaves the network, signed by its node key. Encoding: empty.</summary>
public sealed record MemberLeavePayload : TxPayload
{
    public override TxType Type => TxType.MemberLeave;

    internal override void Write(CanonicalWriter writer)
    {
    }
}
