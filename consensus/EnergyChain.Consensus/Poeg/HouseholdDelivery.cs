namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// One participant's part of a slot's settlement on delivered energy: its meter reading (absent = nothing
/// delivered), what it delivered of its contracted sales and its shortfall, what the shortfall cost it (the EDC's
/// retail price for the replacement energy, and the penalty) and how much of each its balance covered, its share of
/// the mining reward (withheld if it was slashed while its coalition mined), and its mining fee returned when no
/// coalition could be paid.
/// </summary>
public readonly record struct HouseholdDelivery(
    bool ReadingPresent,
    ulong ProducedWh,
    ulong ConsumedWh,
    ulong DeliveredWh,
    ulong ShortfallWh,
    ulong EdcChargeMicro,
    ulong EdcChargePaidMicro,
    ulong PenaltyMicro,
    ulong PenaltyPaidMicro,
    ulong RewardMicro,
    bool RewardWithheld,
    ulong FeeRefundMicro);
