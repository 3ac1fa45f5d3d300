namespace EnergyChain.Core.Transactions;

/// <summary>Which side of a vehicle-to-vehicle trade an intent takes. Numbers are part of the signed encoding.</summary>
public enum V2vSide : byte
{
    /// <summary>The EV offers to discharge energy into another EV.</summary>
    Sell = 1,

    /// <summary>The EV bids to charge from another EV.</summary>
    Buy = 2,
}
