using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// A household that ordered for a slot but trades with the EDC only in it, and why: for
/// <see cref="ExclusionReason.PriceLimits"/> the coalition's clearing price its limit missed
/// (<see cref="ClearingPriceMicroPerWh"/>); for <see cref="ExclusionReason.Funds"/> what it needed and had.
/// </summary>
public readonly record struct ExcludedHousehold(
    MarketParticipant Order,
    ExclusionReason Reason,
    ulong ClearingPriceMicroPerWh,
    ulong NeededMicro,
    ulong AvailableMicro)
{
    public Address Address => Order.Address;

    /// <summary>The reason in words, for views and logs.</summary>
    public string Detail => Reason switch
    {
        ExclusionReason.PriceLimits when Order.Input.ProductionWh > Order.Input.ConsumptionWh =>
            $"its minimum sell price {Order.MinSellMicroPerWh} micro/Wh is above its coalition's clearing price {ClearingPriceMicroPerWh}",
        ExclusionReason.PriceLimits =>
            $"its maximum buy price {Order.MaxBuyMicroPerWh} micro/Wh is below its coalition's clearing price {ClearingPriceMicroPerWh}",
        _ => $"its balance of {AvailableMicro} micro could not cover {NeededMicro} micro (payment into escrow plus mining fee)",
    };
}
