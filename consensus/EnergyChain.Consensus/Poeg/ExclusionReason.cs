namespace EnergyChain.Consensus.Poeg;

/// <summary>Why a household that ordered for a slot trades with the EDC only in it (encoded as a byte).</summary>
public enum ExclusionReason : byte
{
    /// <summary>No price of its coalition's clearing met its limit (a seller's minimum or a buyer's maximum).</summary>
    PriceLimits = 1,

    /// <summary>Its balance could not cover its payment into escrow plus its mining fee.</summary>
    Funds = 2,
}
