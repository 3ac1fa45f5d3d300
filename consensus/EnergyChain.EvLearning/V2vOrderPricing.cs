using EnergyChain.Core.Transactions;

namespace EnergyChain.EvLearning;

/// <summary>
/// How an EV prices its V2V order around the price it expects for the hour: a seller asks 10 % below it and a buyer
/// bids 10 % above it, so EVs that expect the same price meet. Shared by the environment's market and
/// <see cref="EvChainAgent.IntentFor"/> so the agent learns against the orders it actually posts.
/// </summary>
public static class V2vOrderPricing
{
    public const double SellerDiscount = 0.9;

    public const double BuyerPremium = 1.1;

    /// <summary>Limit price in environment units per kWh.</summary>
    public static double Limit(V2vSide side, double expectedPrice) =>
        side == V2vSide.Sell ? expectedPrice * SellerDiscount : expectedPrice * BuyerPremium;
}
