namespace EnergyChain.Consensus.Market;

/// <summary>Per-prosumer result.</summary>
/// <param name="SingletonScore">PS_i (eq. 3.4).</param>
/// <param name="Score">PS_Si (eq. 3.6) in its final coalition.</param>
/// <param name="LossAloneWh">E_i^loss (eq. 3.8).</param>
/// <param name="LossInCoalitionWh">E_Si^loss (eq. 3.7).</param>
/// <param name="CoalitionIndex">Index into <see cref="MarketOutcome.Coalitions"/>.</param>
public readonly record struct MemberOutcome(long SingletonScore, long Score, long LossAloneWh, long LossInCoalitionWh, int CoalitionIndex);
