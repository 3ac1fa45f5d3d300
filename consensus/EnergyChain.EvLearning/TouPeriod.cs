namespace EnergyChain.EvLearning;

/// <summary>
/// A time-of-use price period (thesis section 4.4.1, Table 4.1): the EV simulator's price regime and, through
/// PoSOC's <c>TimeOfUseTariff</c>, the consensus score's delta. Numbers are stable (consensus-critical, and the
/// simulator indexes its per-period price lists with them); the tariff's hour map uses their letters.
/// </summary>
public enum TouPeriod : byte
{
    /// <summary>Letter <c>o</c>: the baseline price; delta is 0.</summary>
    OffPeak = 0,

    /// <summary>Letter <c>m</c>: delta_mid (eq. 4.3).</summary>
    MidPeak = 1,

    /// <summary>Letter <c>p</c>: delta_on (eq. 4.4).</summary>
    OnPeak = 2,
}
