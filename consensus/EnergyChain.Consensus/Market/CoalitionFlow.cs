namespace EnergyChain.Consensus.Market;

/// <summary>The optimal energy transactions of one coalition and each member's allocated loss.</summary>
/// <param name="Members">The coalition's prosumer indices, ascending.</param>
/// <param name="LossWh">E_Si^loss (eq. 3.7) of each member, same order as <paramref name="Members"/>.</param>
/// <param name="Trades">Seller-to-buyer and EDC trades, ordered by (From, To); the sum of their losses equals the sum of <paramref name="LossWh"/>.</param>
/// <param name="CostWhMetres">The objective of eq. 3.11 extended by the EDC legs: sum of energy x distance over all trades.</param>
public sealed record CoalitionFlow(IReadOnlyList<int> Members, IReadOnlyList<long> LossWh, IReadOnlyList<EnergyTrade> Trades, Int128 CostWhMetres);
