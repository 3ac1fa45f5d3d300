namespace EnergyChain.EvLearning;

/// <summary>Outcome of one hourly step.</summary>
/// <param name="Hour">Hour of day the action was taken in.</param>
/// <param name="RequestedKwh">Action asked for.</param>
/// <param name="ExecutedKwh">Energy that entered (positive) or left (negative) the battery: the whole charge (V2V plus grid fallback), only the matched part of a discharge.</param>
/// <param name="SocAfter">SOC after the step.</param>
/// <param name="Profit">Money: V2V revenue minus V2V and grid charge cost, -V (p + Omega) - G p^G.</param>
/// <param name="RangeAnxietyPenalty">eta (SOC - SOC^max)^2 on the departing step, else 0 (eq. 4.15).</param>
/// <param name="PriceFactor">delta_t of the hour (eq. 4.3-4.4).</param>
/// <param name="Departing">True on the last parked hour.</param>
/// <param name="IntentKwh">The order the EV posts: the action after clipping to eq. 4.12-4.13 (positive = buy).</param>
/// <param name="V2vKwh">Energy traded with other EVs (signed like the action).</param>
/// <param name="GridKwh">Energy charged from the grid because no EV sold it (&gt;= 0).</param>
/// <param name="TradePrice">Clearing price of the V2V part per kWh (without Omega).</param>
public readonly record struct EvStepResult(
    int Hour,
    double RequestedKwh,
    double ExecutedKwh,
    double SocAfter,
    double Profit,
    double RangeAnxietyPenalty,
    double PriceFactor,
    bool Departing,
    double IntentKwh,
    double V2vKwh,
    double GridKwh,
    double TradePrice)
{
    /// <summary>The objective every policy is scored on: profit minus range-anxiety penalty.</summary>
    public double Return => Profit - RangeAnxietyPenalty;

    /// <summary>
    /// Training reward of eq. 4.14 as implemented here: (1 + delta_t) * profit - penalty with the price factor,
    /// profit - penalty without it (baseline 2). See docs/posoc-learning.md for why 1 + delta and not delta.
    /// </summary>
    public double TrainingReward(bool usePriceFactor) =>
        usePriceFactor ? ((1.0 + PriceFactor) * Profit) - RangeAnxietyPenalty : Profit - RangeAnxietyPenalty;

    public HourlyReport ToReport(double maxSoc) => new(
        Hour,
        SocAfter,
        maxSoc,
        ExecutedKwh > 0 ? (long)Math.Round(ExecutedKwh * 1000.0, MidpointRounding.AwayFromZero) : 0,
        ExecutedKwh < 0 ? (long)Math.Round(-ExecutedKwh * 1000.0, MidpointRounding.AwayFromZero) : 0,
        Departing);
}
