namespace EnergyChain.Consensus.Posoc;

/// <summary>One hour's PoSOC score of one EV: <see cref="Hour"/> is an absolute local hour number (<see cref="TimeOfUseTariff.HourIndex"/>).</summary>
public readonly record struct HourlyScore(long Hour, long MicroPoints);
