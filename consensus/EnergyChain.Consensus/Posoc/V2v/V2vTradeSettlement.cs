namespace EnergyChain.Consensus.Posoc.V2v;

/// <summary>
/// How one trade settled: both parties' charger readings (null when one did not report), the confirmed energy the
/// seller is paid for, the buyer's refund, the seller's penalty for energy it did not deliver (and the part its
/// balance could pay), the discrepancy between the two readings, and the seller's realised profit R_t (revenue minus
/// the off-peak grid cost of the energy it sold; negative when it sold below that).
/// </summary>
public sealed record V2vTradeSettlement(
    ulong? SellerReportWh,
    ulong? BuyerReportWh,
    ulong ConfirmedWh,
    ulong PaidMicro,
    ulong RefundMicro,
    ulong ShortfallWh,
    ulong PenaltyMicro,
    ulong PenaltyPaidMicro,
    ulong DiscrepancyWh,
    long SellerProfitMicro);
