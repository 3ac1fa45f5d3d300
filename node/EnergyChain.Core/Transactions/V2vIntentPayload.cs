using EnergyChain.Core.Codec;

namespace EnergyChain.Core.Transactions;

/// <summary>
/// An EV's intent to trade energy with other EVs in one hour of the chain's EV day (hours are counted from genesis):
/// sell (discharge) or buy (charge) <paramref name="EnergyWh"/> at a price limit in micro-units per Wh (the least a
/// seller takes, the most a buyer pays), at a charging site named by its index in the genesis site list, while the
/// EV is parked there from <paramref name="AvailableFromHour"/> until <paramref name="AvailableUntilHour"/>
/// (exclusive). The PoSOC engine matches each hour's intents per site in the block that opens the hour.
/// Encoding: <c>u64 hour | u8 side | u64 energy Wh | u64 price | u32 site | u64 available from | u64 available until</c>.
/// </summary>
public sealed record V2vIntentPayload(
    ulong Hour, V2vSide Side, ulong EnergyWh, ulong PriceMicroPerWh, uint Site, ulong AvailableFromHour, ulong AvailableUntilHour) : TxPayload
{
    public override TxType Type => TxType.V2vIntent;

    internal override void Write(CanonicalWriter writer)
    {
        writer.WriteU64(Hour);
        writer.WriteU8((byte)Side);
        writer.WriteU64(EnergyWh);
        writer.WriteU64(PriceMicroPerWh);
        writer.WriteU32(Site);
        writer.WriteU64(AvailableFromHour);
        writer.WriteU64(AvailableUntilHour);
    }

    internal static V2vIntentPayload Read(ref CanonicalReader reader)
    {
        var hour = reader.ReadU64();
        var side = reader.ReadU8();
        if (side is not ((byte)V2vSide.Sell or (byte)V2vSide.Buy))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"V2V intent side {side} is neither sell (1) nor buy (2)");
        }

        return new V2vIntentPayload(hour, (V2vSide)side, reader.ReadU64(), reader.ReadU64(), reader.ReadU32(), reader.ReadU64(), reader.ReadU64());
    }
}
