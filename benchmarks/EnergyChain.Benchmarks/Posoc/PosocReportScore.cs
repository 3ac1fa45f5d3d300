using EnergyChain.EvLearning;

namespace EnergyChain.Benchmarks.Posoc;

/// <summary>
/// REPORT-ONLY float mirror of the PoSOC proof score (eq. 4.1-4.4, summed over the day as eq. 4.17 /
/// Algorithm 4 lines 11-21) and of the weighted random mLAG draw (eq. 4.18), used to print the experiment.
/// It is NOT the consensus implementation: validators use the integer version in the consensus project.
/// Per hour h: delta_h * (D_h - C_h) with D, C in kWh, plus (SOC^max - SOC_h) on the departing hour.
/// </summary>
public static class PosocReportScore
{
    /// <summary>24-hour proof score PS^H of one EV day; <paramref name="usePriceFactor"/> false uses delta = 1 (baseline 2).</summary>
    public static double DayScore(EvConfig config, IReadOnlyList<HourlyReport> day, bool usePriceFactor = true)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(day);
        double score = 0;
        foreach (var r in day)
        {
            var delta = usePriceFactor ? config.PriceFactor(EvConfig.PeriodOf(r.Hour)) : 1.0;
            score += delta * ((r.WhDischarged - r.WhCharged) / 1000.0);
            if (r.Departing)
            {
                score += r.MaxSoc - r.Soc;
            }
        }

        return score;
    }

    /// <summary>
    /// Seeded weighted random draw over the scores (negative scores count as 0; if every weight is 0 the draw
    /// is uniform, so every EV stays reachable). Returns the index of the elected mLAG.
    /// </summary>
    public static int DrawMlag(IReadOnlyList<double> scores, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var rng = new Xoshiro256StarStar(seed);
        var total = scores.Sum(s => Math.Max(0.0, s));
        if (total <= 0)
        {
            return rng.NextInt(scores.Count);
        }

        var u = rng.NextDouble() * total;
        double cumulative = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            cumulative += Math.Max(0.0, scores[i]);
            if (u < cumulative)
            {
                return i;
            }
        }

        return scores.Count - 1;
    }
}
