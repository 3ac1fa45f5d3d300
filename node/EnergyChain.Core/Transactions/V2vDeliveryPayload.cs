using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Transactions;

/// <summary>
/// An EV's signed charger reading for one matched V2V trade: the energy it discharged to (seller) or received from
/// (buyer) <paramref name="Counterparty"/> during <paramref name="Hour"/>. Both parties report; the PoSOC engine
/// settles the trade on the smaller of the two.
/// Encoding: <c>u64 hour | 20 counterparty | u64 energy Wh</c>.
/// </summary>
public sealed record V2vDeliveryPayload(ulong Hour, Address Counterparty, ulong EnergyWh) : TxPayload
{
    public override TxType Type => TxType.V2vDelivery;

    internal override void Write(CanonicalWriter writer)
    {
        writer.WriteU64(Hour);
        Span<byte> counterparty = stackalloc byte[Address.Size];
        Counterparty.CopyTo(counterparty);
        writer.WriteFixed(counterparty);
        writer.WriteU64(EnergyWh);
    }

    internal static V2vDeliveryPayload Read(ref CanonicalReader reader) =>
        new(reader.ReadU64(), new Address(reader.ReadFixed(Address.Size, "V2V delivery counterparty")), reader.ReadU64());
}
