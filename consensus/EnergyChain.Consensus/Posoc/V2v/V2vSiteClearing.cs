namespace EnergyChain.Consensus.Posoc.V2v;

/// <summary>
/// One site's clearing in an hour: the uniform price (0 when nothing matched), the energy matched, and the energy
/// offered and bid that found no counterpart (it falls back to the grid at the time-of-use tariff, off chain).
/// </summary>
public sealed record V2vSiteClearing(uint Site, ulong PriceMicroPerWh, ulong MatchedWh, ulong UnmatchedSellWh, ulong UnmatchedBuyWh);
