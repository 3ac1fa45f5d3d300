namespace EnergyChain.Consensus.Market;

/// <summary>A coalition of the final partition.</summary>
/// <param name="Members">Member prosumer indices, strictly ascending.</param>
/// <param name="Score">PS_S (eq. 3.5): the sum of the members' scores.</param>
public sealed record MarketCoalition(IReadOnlyList<int> Members, long Score);
