using EnergyChain.Core.Codec;

namespace EnergyChain.Core.Transactions;

/// <summary>
/// A household's order for a market slot: its forecast in watt-hours and, optionally, its price limits in
/// micro-units per Wh (the lowest price it sells at, the highest it buys at; absent = the engine's defaults, the
/// EDC's tariffs). <see cref="MarketSlot"/> 0 means "the next slot after inclusion"; the PoEG engine gives it
/// meaning. Recorded on chain, no balance effect of its own.
/// Encoding: <c>u64 slot | u64 production | u64 consumption | u8 flags (bit 0 min sell, bit 1 max buy) |
/// [u64 min sell] | [u64 max buy]</c>.
/// </summary>
public sealed record EnergyReportPayload(
    ulong MarketSlot,
    ulong ProductionWh,
    ulong ConsumptionWh,
    ulong? MinSellMicroPerWh = null,
    ulong? MaxBuyMicroPerWh = null) : TxPayload
{
    private const byte MinSellFlag = 1;
    private const byte MaxBuyFlag = 2;

    public override TxType Type => TxType.EnergyReport;

    internal override void Write(CanonicalWriter writer)
    {
        writer.WriteU64(MarketSlot);
        writer.WriteU64(ProductionWh);
        writer.WriteU64(ConsumptionWh);
        writer.WriteU8((byte)((MinSellMicroPerWh is null ? 0 : MinSellFlag) | (MaxBuyMicroPerWh is null ? 0 : MaxBuyFlag)));
        if (MinSellMicroPerWh is { } minSell)
        {
            writer.WriteU64(minSell);
        }

        if (MaxBuyMicroPerWh is { } maxBuy)
        {
            writer.WriteU64(maxBuy);
        }
    }

    internal static EnergyReportPayload Read(ref CanonicalReader reader)
    {
        var slot = reader.ReadU64();
        var production = reader.ReadU64();
        var consumption = reader.ReadU64();
        var flags = reader.ReadU8();
        if ((flags & ~(MinSellFlag | MaxBuyFlag)) != 0)
        {
            throw new DecodeException(DecodeError.InvalidValue, $"energy report: unknown flags 0x{flags:x2}");
        }

        ulong? minSell = (flags & MinSellFlag) != 0 ? reader.ReadU64() : null;
        ulong? maxBuy = (flags & MaxBuyFlag) != 0 ? reader.ReadU64() : null;
        return new EnergyReportPayload(slot, production, consumption, minSell, maxBuy);
    }
}
