using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Posoc.V2v;

/// <summary>
/// One EV's intent in an hour's V2V matching and what became of it: the energy matched, or that it was left out
/// because the buyer could not pay for its match. Encoding: <c>20 ev | u8 side | u64 energy Wh | u64 price |
/// u32 site | u64 available from | u64 available until | u64 matched Wh | u8 excluded for funds</c>.
/// </summary>
public sealed record V2vOrder(
    Address Ev, V2vSide Side, ulong EnergyWh, ulong PriceMicroPerWh, uint Site, ulong AvailableFromHour, ulong AvailableUntilHour, ulong MatchedWh = 0, bool ExcludedForFunds = false)
{
    public static V2vOrder From(Address ev, V2vIntentPayload intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        return new V2vOrder(ev, intent.Side, intent.EnergyWh, intent.PriceMicroPerWh, intent.Site, intent.AvailableFromHour, intent.AvailableUntilHour);
    }

    public ulong UnmatchedWh => EnergyWh - MatchedWh;

    public void Write(CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> ev = stackalloc byte[Address.Size];
        Ev.CopyTo(ev);
        writer.WriteFixed(ev);
        writer.WriteU8((byte)Side);
        writer.WriteU64(EnergyWh);
        writer.WriteU64(PriceMicroPerWh);
        writer.WriteU32(Site);
        writer.WriteU64(AvailableFromHour);
        writer.WriteU64(AvailableUntilHour);
        writer.WriteU64(MatchedWh);
        writer.WriteU8(ExcludedForFunds ? (byte)1 : (byte)0);
    }

    public static V2vOrder Read(ref CanonicalReader reader)
    {
        var ev = new Address(reader.ReadFixed(Address.Size, "V2V order EV"));
        var side = reader.ReadU8();
        if (side is not ((byte)V2vSide.Sell or (byte)V2vSide.Buy))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"V2V order side {side}");
        }

        return new V2vOrder(ev, (V2vSide)side, reader.ReadU64(), reader.ReadU64(), reader.ReadU32(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU8() == 1);
    }
}
