using EnergyChain.Core.Transactions;
using EnergyChain.EvLearning;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// The PoSOC proof score (thesis eq. 4.1-4.4 per hour, eq. 4.17 over 24 hours), in integer micro-points.
/// <para>
/// Units. The thesis adds a state-of-charge fraction (SOC^max - SOC, in [0, 1]) to delta x energy in kWh
/// (D - C). One point here is what the thesis counts as 1: a whole battery's SOC fraction, or 1 kWh of
/// delta-weighted net discharge. A micro-point is 10^-6 of that, so the SOC term is exactly the ppm difference
/// and 1 Wh of net discharge is worth delta x 1,000 micro-points.
/// </para>
/// <para>
/// Equation, per hour h with period p = tariff period of h:
/// <c>PS = [departing] x (MaxSocPpm - SocPpm) + round((lambda_p - lambda_off) x (D - C) x 1,000 / lambda_off)</c>,
/// D and C the Wh discharged and charged in the hour. delta is never rounded on its own: the trade term is the
/// exact fraction, rounded once, half away from zero (so a score and its mirror image differ only in sign).
/// Off-peak delta is 0, so off-peak trading neither earns nor costs score (eq. 4.3-4.4 applied to lambda_off).
/// </para>
/// <para>
/// Signs. The hourly score is signed: charging at peak hours lowers it (thesis: "charging reduces PS"), and an EV
/// reporting SOC above its maximum gets a negative SOC term. The 24-hour total is signed too; only the weight
/// handed to weighted random selection is clamped at 0 (<see cref="Weight"/>), because WRS weights cannot be
/// negative: an EV with a net negative day has weight 0 and is drawn only in the all-zero fallback.
/// </para>
/// <para>
/// Range. An hourly score is saturated to +-<see cref="MaxHourlyMicroPoints"/> (10^15 micro-points, 10^9 points:
/// about 10^12 kWh in one hour, which no EV reaches); it exists only so that hostile Wh values cannot overflow.
/// 24 saturated hours still fit in a <see cref="long"/>.
/// </para>
/// </summary>
public static class PosocScore
{
    /// <summary>Micro-points in one thesis score point.</summary>
    public const long MicroPointsPerPoint = 1_000_000;

    /// <summary>Micro-points per Wh of net discharge at delta = 1 (1 Wh = 10^-3 kWh = 10^3 micro-kWh).</summary>
    public const long MicroPointsPerWh = 1_000;

    /// <summary>Saturation bound of an hourly score (see the class remarks).</summary>
    public const long MaxHourlyMicroPoints = 1_000_000_000_000_000;

    /// <summary>The window of eq. 4.17.</summary>
    public const int WindowHours = 24;

    /// <summary>Eq. 4.1 for an EV report received for local hour <paramref name="hourOfDay"/> (0-23).</summary>
    public static long Hourly(EvReportPayload report, int hourOfDay, TimeOfUseTariff tariff)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Hourly(report.SocPpm, report.MaxSocPpm, report.ChargedWh, report.DischargedWh, report.Departing, hourOfDay, tariff);
    }

    /// <summary>
    /// Eq. 4.1: <c>[departing] x (maxSocPpm - socPpm) + delta x (D - C)</c> in micro-points, saturated to
    /// +-<see cref="MaxHourlyMicroPoints"/>.
    /// </summary>
    public static long Hourly(uint socPpm, uint maxSocPpm, ulong chargedWh, ulong dischargedWh, bool departing, int hourOfDay, TimeOfUseTariff tariff)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        var trade = TradeTerm(chargedWh, dischargedWh, tariff.PeriodAt(hourOfDay), tariff);
        var soc = departing ? (long)maxSocPpm - socPpm : 0;
        return Math.Clamp(trade + soc, -MaxHourlyMicroPoints, MaxHourlyMicroPoints);
    }

    /// <summary>
    /// delta_p x (D - C) in micro-points: round((lambda_p - lambda_off) x (D - C) x 1,000 / lambda_off), half away
    /// from zero, exact in 128-bit integers, saturated to +-<see cref="MaxHourlyMicroPoints"/>.
    /// </summary>
    public static long TradeTerm(ulong chargedWh, ulong dischargedWh, TouPeriod period, TimeOfUseTariff tariff)
    {
        ArgumentNullException.ThrowIfNull(tariff);

        // |D - C| < 2^64, x 10^3 < 2^74, x a price difference below 10^12 < 2^40: below 2^114, far inside Int128.
        var net = (Int128)dischargedWh - chargedWh;
        var numerator = net * MicroPointsPerWh * tariff.DeltaNumerator(period);
        var value = DivideRoundHalfAwayFromZero(numerator, tariff.DeltaDenominator);
        return value > MaxHourlyMicroPoints ? MaxHourlyMicroPoints
             : value < -MaxHourlyMicroPoints ? -MaxHourlyMicroPoints
             : (long)value;
    }

    /// <summary>
    /// Eq. 4.17: the sum of the hourly scores of the 24 hours ending with <paramref name="currentHour"/>
    /// (hours currentHour - 23 to currentHour). An hour without a score counts 0 (no report: the EV neither traded
    /// nor departed). Scores of other hours are ignored. The order of <paramref name="scores"/> does not matter;
    /// two scores for the same hour of the window are a caller error (the engine decides how several reports of
    /// one hour combine), reported with <see cref="ArgumentException"/>.
    /// </summary>
    public static long Cumulative(IEnumerable<HourlyScore> scores, long currentHour)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var seen = 0u; // bit i: hour currentHour - i already counted
        long total = 0;
        foreach (var score in scores)
        {
            var age = currentHour - score.Hour;
            if (age is < 0 or >= WindowHours)
            {
                continue;
            }

            var bit = 1u << (int)age;
            if ((seen & bit) != 0)
            {
                throw new ArgumentException($"two scores for hour {score.Hour}: pass one score per hour", nameof(scores));
            }

            seen |= bit;
            total += Math.Clamp(score.MicroPoints, -MaxHourlyMicroPoints, MaxHourlyMicroPoints);
        }

        return total;
    }

    /// <summary>
    /// Eq. 4.17 over at most 24 consecutive hourly scores (missing hours already 0, or simply absent).
    /// </summary>
    public static long Cumulative(ReadOnlySpan<long> lastHours)
    {
        if (lastHours.Length > WindowHours)
        {
            throw new ArgumentException($"at most {WindowHours} hourly scores, got {lastHours.Length}", nameof(lastHours));
        }

        long total = 0;
        foreach (var score in lastHours)
        {
            total += Math.Clamp(score, -MaxHourlyMicroPoints, MaxHourlyMicroPoints);
        }

        return total;
    }

    /// <summary>The weighted-random-selection weight (eq. 4.18) of a 24-hour score: the score, or 0 when negative.</summary>
    public static ulong Weight(long cumulativeMicroPoints) => cumulativeMicroPoints > 0 ? (ulong)cumulativeMicroPoints : 0;

    private static Int128 DivideRoundHalfAwayFromZero(Int128 numerator, ulong denominator)
    {
        var negative = numerator < 0;
        var magnitude = negative ? -numerator : numerator;
        var quotient = Int128.DivRem(magnitude, denominator);
        var result = quotient.Quotient + (quotient.Remainder * 2 >= denominator ? 1 : 0);
        return negative ? -result : result;
    }
}
