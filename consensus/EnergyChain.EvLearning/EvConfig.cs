namespace EnergyChain.EvLearning;

/// <summary>
/// Parameters of the EV MDP (thesis eq. 4.10-4.16, Table 4.1, section 4.4.1). Defaults reproduce the thesis
/// set-up; the values the thesis does not give (charger power, action levels, eta) are documented in
/// docs/posoc-learning.md.
/// </summary>
public sealed record EvConfig
{
    /// <summary>Battery capacity E_max in kWh (Toyota RAV4, Table 4.1).</summary>
    public double BatteryKwh { get; init; } = 42.0;

    /// <summary>Minimum recommended SOC (fraction of capacity).</summary>
    public double SocMin { get; init; } = 0.2;

    /// <summary>Maximum recommended SOC (fraction of capacity); SOC^max of eq. 4.1 and 4.15.</summary>
    public double SocMax { get; init; } = 0.8;

    /// <summary>Maximum energy charged in one hourly step (kWh). Not in Table 4.1: 6 kW as in the thesis' source [158].</summary>
    public double MaxChargeKwh { get; init; } = 6.0;

    /// <summary>Maximum energy discharged in one hourly step (kWh), positive number.</summary>
    public double MaxDischargeKwh { get; init; } = 6.0;

    /// <summary>Range-anxiety coefficient eta of eq. 4.14: the departing step's reward is reduced by eta * (SOC - SOC^max)^2.</summary>
    public double Eta { get; init; } = 20.0;

    /// <summary>Charging infrastructure cost Omega per kWh (eq. 4.16); 0 = direct V2V, as in the thesis experiments.</summary>
    public double Omega { get; init; }

    /// <summary>Discrete action set: requested energy per hour in kWh (positive = charge, negative = discharge).</summary>
    public IReadOnlyList<double> ActionLevelsKwh { get; init; } = [-6.0, -4.0, -2.0, 0.0, 2.0, 4.0, 6.0];

    public double ArrivalMean { get; init; } = 7.0;

    public double ArrivalStd { get; init; } = 1.0;

    public int ArrivalMinHour { get; init; } = 4;

    public int ArrivalMaxHour { get; init; } = 10;

    public double DepartureMean { get; init; } = 18.0;

    public double DepartureStd { get; init; } = 1.0;

    public int DepartureMinHour { get; init; } = 8;

    public int DepartureMaxHour { get; init; } = 22;

    public double InitialSocMean { get; init; } = 0.5;

    public double InitialSocStd { get; init; } = 0.1;

    public double InitialSocMin { get; init; } = 0.4;

    public double InitialSocMax { get; init; } = 0.9;

    /// <summary>V2V price per kWh: mean for off-, mid-, on-peak (section 4.4.1: N(0.82, 0.1^2), N(1.13, 0.1^2), N(1.7, 0.1^2)).</summary>
    public IReadOnlyList<double> V2vPriceMean { get; init; } = [0.82, 1.13, 1.70];

    public double V2vPriceStd { get; init; } = 0.1;

    /// <summary>Grid time-of-use price lambda per kWh (Table 4.1): means for off-, mid-, on-peak.</summary>
    public IReadOnlyList<double> GridPriceMean { get; init; } = [6.8, 10.0, 12.9];

    /// <summary>Grid price standard deviations for off-, mid-, on-peak (Table 4.1).</summary>
    public IReadOnlyList<double> GridPriceStd { get; init; } = [2.6, 1.5, 2.0];

    /// <summary>
    /// Who takes the EV's V2V orders. The default, <see cref="FixedPriceV2vMarket"/>, is the thesis's set-up (every
    /// order filled at the hour's drawn price); <see cref="SimulatedV2vMarket"/> clears them in a double auction
    /// and sends unmatched charging to the grid.
    /// </summary>
    public IV2vMarket Market { get; init; } = FixedPriceV2vMarket.Instance;

    /// <summary>Thesis defaults.</summary>
    public static EvConfig Default { get; } = new();

    /// <summary>
    /// Time-of-use period of an hour of the day (Toronto Hydro winter schedule, which section 4.4.1 cites):
    /// off-peak 19:00-07:00, on-peak 07:00-11:00 and 17:00-19:00, mid-peak 11:00-17:00. Table 4.1's
    /// "On-peak 1am - 11am" is read as 7am-11am (plus the evening on-peak of the same tariff).
    /// </summary>
    public static TouPeriod PeriodOf(int hour) => hour switch
    {
        >= 7 and < 11 => TouPeriod.OnPeak,
        >= 11 and < 17 => TouPeriod.MidPeak,
        >= 17 and < 19 => TouPeriod.OnPeak,
        _ => TouPeriod.OffPeak,
    };

    /// <summary>
    /// Price factor delta of a period (eq. 4.3-4.4) from the mean grid prices of Table 4.1:
    /// delta_mid = (lambda_mid - lambda_off) / lambda_off, delta_on = (lambda_on - lambda_off) / lambda_off, delta_off = 0.
    /// </summary>
    public double PriceFactor(TouPeriod period)
    {
        var off = GridPriceMean[(int)TouPeriod.OffPeak];
        return period switch
        {
            TouPeriod.MidPeak => (GridPriceMean[(int)TouPeriod.MidPeak] - off) / off,
            TouPeriod.OnPeak => (GridPriceMean[(int)TouPeriod.OnPeak] - off) / off,
            _ => 0.0,
        };
    }
}
