namespace EnergyChain.EvLearning;

/// <summary>
/// Reference (not learned) policy: the Bayes-optimal non-clairvoyant schedule. Backward DP over the same SOC
/// lattice as <see cref="DynamicProgrammingOptimum"/>, but future V2V prices are only known in distribution
/// (N(period mean, sd), clipped as in <see cref="EvEpisode.Generate"/>, integrated with equal-probability
/// quantile nodes); the current hour's price is observed. It is the best any policy that sees the state of
/// eq. 4.10 (current price, SOC, hour, departure time) can do in expectation, so it shows how much of the gap to
/// the perfect-foresight optimum no learner can close. It assumes the thesis's market (every order filled at the
/// drawn price); on a matched market it is only a fill-blind reference.
/// </summary>
public sealed class ExpectedValuePolicy
{
    private readonly EvConfig _config;
    private readonly int _departureHour;
    private readonly double[][] _priceNodes;
    private readonly Dictionary<(int Hour, long Key), double> _memo = [];

    // Transition needs an episode only for the departure hour here (the price is applied explicitly).
    private readonly EvEpisode _flat;

    public ExpectedValuePolicy(EvConfig config, int departureHour, int quadratureNodes = 16)
    {
        ArgumentNullException.ThrowIfNull(config);
        // It integrates over prices only; fills are not modelled, so it plans as if every order filled (the thesis's market).
        _config = config with { Market = FixedPriceV2vMarket.Instance };
        _departureHour = departureHour;
        _flat = new EvEpisode(0, 0, departureHour, config.InitialSocMean, new double[24], new double[24]);
        _priceNodes = new double[3][];
        for (var p = 0; p < 3; p++)
        {
            _priceNodes[p] = new double[quadratureNodes];
            for (var k = 0; k < quadratureNodes; k++)
            {
                var z = InverseNormal((k + 0.5) / quadratureNodes);
                _priceNodes[p][k] = Math.Max(0.05, config.V2vPriceMean[p] + (config.V2vPriceStd * z));
            }
        }
    }

    /// <summary>Action index for the environment's current state and observed price.</summary>
    public int Act(EvEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        return Best(env.Hour, env.Soc, env.Episode.V2vPrice[env.Hour]).Action;
    }

    /// <summary>Scores the policy on an episode (built per episode because the departure hour is part of the state).</summary>
    public static (double Return, double Profit) Score(EvConfig config, EvEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var policy = new ExpectedValuePolicy(config, episode.DepartureHour);
        return Policies.Score(config, episode, policy.Act);
    }

    private (double Value, int Action) Best(int hour, double soc, double price)
    {
        var best = double.NegativeInfinity;
        var bestAction = 0;
        var levels = _config.ActionLevelsKwh;
        for (var a = 0; a < levels.Count; a++)
        {
            var step = EvEnvironment.Transition(_config, _flat, hour, soc, levels[a]);
            var v = (-step.ExecutedKwh * (price + _config.Omega)) - step.RangeAnxietyPenalty + Expected(hour + 1, step.SocAfter);
            if (v > best + 1e-12)
            {
                best = v;
                bestAction = a;
            }
        }

        return (best, bestAction);
    }

    private double Expected(int hour, double soc)
    {
        if (hour >= _departureHour)
        {
            return 0.0;
        }

        var key = (hour, (long)Math.Round(soc * _config.BatteryKwh * 1_000_000.0));
        if (_memo.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var nodes = _priceNodes[(int)EvConfig.PeriodOf(hour)];
        double sum = 0;
        foreach (var price in nodes)
        {
            sum += Best(hour, soc, price).Value;
        }

        var value = sum / nodes.Length;
        _memo[key] = value;
        return value;
    }

    /// <summary>Acklam's rational approximation of the standard normal quantile (relative error below 1.2e-9).</summary>
    internal static double InverseNormal(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double Low = 0.02425;
        if (p < Low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return Horner(c, q) / ((Horner(d, q) * q) + 1);
        }

        if (p > 1 - Low)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -Horner(c, q) / ((Horner(d, q) * q) + 1);
        }

        var r = p - 0.5;
        var s = r * r;
        return Horner(a, s) * r / ((Horner(b, s) * s) + 1);
    }

    private static double Horner(double[] coefficients, double x)
    {
        var acc = 0.0;
        foreach (var k in coefficients)
        {
            acc = (acc * x) + k;
        }

        return acc;
    }
}
