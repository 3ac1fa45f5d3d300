namespace EnergyChain.EvLearning;

/// <summary>Outcome of the EV's order in one hour's V2V auction.</summary>
/// <param name="MatchedKwh">Energy traded with other EVs, 0 .. the order's size.</param>
/// <param name="Price">Clearing price per kWh (environment units); meaningless when nothing matched.</param>
public readonly record struct V2vFill(double MatchedKwh, double Price);
