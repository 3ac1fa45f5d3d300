namespace EnergyChain.Consensus.Market;

/// <summary>Functions of the penalty system contract (contracts/penalty.ecasm) the engines' markets call.</summary>
internal static class PenaltyContractFunctions
{
    /// <summary><c>f6 shortfall_penalty(seller, due)</c>: a seller's penalty for energy it sold and did not deliver.</summary>
    public const ushort ShortfallPenalty = 6;
}
