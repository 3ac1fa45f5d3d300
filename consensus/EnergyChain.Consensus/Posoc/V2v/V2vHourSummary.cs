namespace EnergyChain.Consensus.Posoc.V2v;

/// <summary>One settled V2V hour in figures: trades, energy matched and confirmed, the volume-weighted price, penalties paid, trades with discrepant readings and trades short of their match.</summary>
public sealed record V2vHourSummary(
    ulong Hour, int Trades, ulong MatchedWh, ulong ConfirmedWh, ulong AveragePriceMicroPerWh, ulong PenaltiesMicro, ulong Discrepancies, ulong ShortTrades);
