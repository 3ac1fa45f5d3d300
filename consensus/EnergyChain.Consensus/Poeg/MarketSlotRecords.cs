namespace EnergyChain.Consensus.Poeg;

/// <summary>A market slot as the chain recorded it: its clearing, its settlement on delivered energy once made, and its phase.</summary>
public sealed record MarketSlotRecords(MarketSettlement Clearing, DeliverySettlement? Delivery, string Phase)
{
    public const string Trading = "trading";
    public const string Reading = "reading";
    public const string Settled = "settled";
}
