namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// A market slot's totals as <c>/v1/market/{slot}</c> shows them (the API writes the names in camel case). Money moved
/// counts what changed hands for good: payments to sellers, shortfall charges, penalties and rewards paid (escrow
/// that went back to its buyer did not move).
/// </summary>
public sealed record SlotTotals(
    long TradedInCoalitionsWh,
    long TradedWithEdcWh,
    ulong EscrowMicro,
    ulong DeliveredWh,
    ulong ShortfallWh,
    ulong PaidToSellersMicro,
    ulong RefundedMicro,
    ulong EdcChargesMicro,
    ulong PenaltiesMicro,
    ulong RewardMicro,
    ulong RewardPaidMicro,
    ulong MovedMicro,
    int PenalizedHouseholds);
