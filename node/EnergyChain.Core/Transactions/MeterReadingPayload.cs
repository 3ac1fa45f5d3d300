using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Transactions;

/// <summary>
/// A smart meter's reading of what a household produced and consumed during a market slot (Wh). The
/// transaction is signed by the meter's own key, which the engine checks against the household's registered
/// meter; the household is named in the payload. PoEG settles the slot's trades on these readings.
/// Encoding: <c>20 household | u64 slot | u64 produced | u64 consumed</c>.
/// </summary>
public sealed record MeterReadingPayload(Address Household, ulong MarketSlot, ulong ProducedWh, ulong ConsumedWh) : TxPayload
{
    public override TxType Type => TxType.MeterReading;

    internal override void Write(CanonicalWriter writer)
    {
        Span<byte> household = stackalloc byte[Address.Size];
        Household.CopyTo(household);
        writer.WriteFixed(household);
        writer.WriteU64(MarketSlot);
        writer.WriteU64(ProducedWh);
        writer.WriteU64(ConsumedWh);
    }

    internal static MeterReadingPayload Read(ref CanonicalReader reader) =>
        new(new Address(reader.ReadFixed(Address.Size, "meter reading household")), reader.ReadU64(), reader.ReadU64(), reader.ReadU64());
}
