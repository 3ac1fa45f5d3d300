using EnergyChain.Core.Codec;

namespace EnergyChain.Core.Transactions;

/// <summary>
/// A household's forecast for a market slot, in watt-hours. <see cref="MarketSlot"/> 0 means "the next slot
/// after inclusion"; the PoEG engine gives it meaning. Recorded on chain, no balance effect.
/// </summary>
public sealed record EnergyReportPayload(ulong MarketSlot, ulong ProductionWh, ulong ConsumptionWh) : TxPayload
{
    public override TxType Type => TxType.EnergyReport;

    internal override void Write(CanonicalWriter writer)
    {
        writer.WriteU64(MarketSlot);
        writer.WriteU64(ProductionWh);
        writer.WriteU64(ConsumptionWh);
    }
}
