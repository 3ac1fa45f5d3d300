namespace EnergyChain.EvLearning;

/// <summary>What the chain needs from an EV for one hour (PoSOC report): SOC, max SOC, energy moved, departing flag.</summary>
/// <param name="Hour">Hour of day 0..23.</param>
/// <param name="Soc">SOC after the hour's action (fraction of capacity).</param>
/// <param name="MaxSoc">SOC^max (fraction of capacity).</param>
/// <param name="WhCharged">Energy charged in the hour, Wh (rounded).</param>
/// <param name="WhDischarged">Energy discharged in the hour, Wh (rounded, non-negative).</param>
/// <param name="Departing">True for the last parked hour.</param>
public readonly record struct HourlyReport(int Hour, double Soc, double MaxSoc, long WhCharged, long WhDischarged, bool Departing);
