using EnergyChain.Core.Transactions;

namespace EnergyChain.EvLearning;

/// <summary>
/// One EV over a day in hourly steps (thesis eq. 4.10-4.16): the EV acts from its arrival hour until its
/// departure hour; each step charges (positive) or discharges (negative) energy, clipped to the charger limit
/// and to SOC in [SOC_min, SOC_max] (eq. 4.13), trades it on the configured V2V market (<see cref="IV2vMarket"/>;
/// direct V2V, Omega = 0 by default) and, on the departing step, pays the range-anxiety penalty eta (SOC - SOC^max)^2.
/// </summary>
public sealed class EvEnvironment
{
    /// <summary>Length of the observation vector produced by <see cref="Observe"/>.</summary>
    public const int FeatureCount = 12;

    private EvEpisode _episode;

    public EvEnvironment(EvConfig config, EvEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(episode);
        Config = config;
        _episode = episode;
        Reset(episode);
    }

    public EvConfig Config { get; }

    public EvEpisode Episode => _episode;

    /// <summary>Current hour of day (the hour the next action applies to).</summary>
    public int Hour { get; private set; }

    /// <summary>Current SOC (fraction of capacity).</summary>
    public double Soc { get; private set; }

    /// <summary>True once the EV has departed.</summary>
    public bool Done => Hour >= _episode.DepartureHour;

    /// <summary>True if the next step is the last parked hour.</summary>
    public bool IsDepartingStep => Hour == _episode.DepartureHour - 1;

    public void Reset(EvEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        _episode = episode;
        Hour = episode.ArrivalHour;
        Soc = episode.InitialSoc;
    }

    /// <summary>Feasible action interval in kWh for a given SOC (eq. 4.12-4.13).</summary>
    public static (double Lower, double Upper) ActionBounds(EvConfig config, double soc)
    {
        ArgumentNullException.ThrowIfNull(config);
        var lower = Math.Max(-config.MaxDischargeKwh, (config.SocMin - soc) * config.BatteryKwh);
        var upper = Math.Min(config.MaxChargeKwh, (config.SocMax - soc) * config.BatteryKwh);
        if (upper < lower)
        {
            upper = lower;
        }

        return (lower, upper);
    }

    /// <summary>Feasible action interval at the current SOC.</summary>
    public (double Lower, double Upper) ActionBounds() => ActionBounds(Config, Soc);

    /// <summary>Applies one hourly action (kWh, positive = charge) and advances the hour.</summary>
    public EvStepResult Step(double requestedKwh)
    {
        if (Done)
        {
            throw new InvalidOperationException("the EV has departed; reset the environment");
        }

        var result = Transition(Config, _episode, Hour, Soc, requestedKwh);
        Soc = result.SocAfter;
        Hour++;
        return result;
    }

    /// <summary>Applies the action with index <paramref name="actionIndex"/> of <see cref="EvConfig.ActionLevelsKwh"/>.</summary>
    public EvStepResult StepIndex(int actionIndex) => Step(Config.ActionLevelsKwh[actionIndex]);

    /// <summary>
    /// The pure transition function (also used by the DP optimum): clip the action (eq. 4.13), post it to
    /// <see cref="EvConfig.Market"/> as an order priced by <see cref="V2vOrderPricing"/>, then execute what matched at
    /// the clearing price. An unmatched charge is bought from the grid at the hour's grid price (the EV still charges);
    /// an unmatched discharge does not happen (the energy stays in the battery).
    /// </summary>
    public static EvStepResult Transition(EvConfig config, EvEpisode episode, int hour, double soc, double requestedKwh)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(episode);
        var (lower, upper) = ActionBounds(config, soc);
        var intent = Math.Clamp(requestedKwh, lower, upper);
        var tradePrice = episode.V2vPrice[hour];
        double v2v = 0.0, grid = 0.0, executed = intent;
        if (intent != 0.0)
        {
            var side = intent > 0 ? V2vSide.Buy : V2vSide.Sell;
            var fill = config.Market.Clear(episode, hour, side, Math.Abs(intent), V2vOrderPricing.Limit(side, tradePrice));
            var matched = Math.Clamp(fill.MatchedKwh, 0.0, Math.Abs(intent));
            tradePrice = fill.Price;
            if (side == V2vSide.Buy)
            {
                v2v = matched;
                grid = intent - matched;
            }
            else
            {
                v2v = -matched;
                executed = -matched;
            }
        }

        var socAfter = Math.Clamp(soc + (executed / config.BatteryKwh), config.SocMin, Math.Max(config.SocMax, soc));
        if (executed == upper && upper == (config.SocMax - soc) * config.BatteryKwh)
        {
            socAfter = config.SocMax;
        }
        else if (executed == lower && lower == (config.SocMin - soc) * config.BatteryKwh)
        {
            socAfter = config.SocMin;
        }

        var profit = -v2v * (tradePrice + config.Omega);
        if (grid > 0.0)
        {
            profit -= grid * episode.GridPrice[hour];
        }

        var departing = hour == episode.DepartureHour - 1;
        var penalty = departing ? config.Eta * (socAfter - config.SocMax) * (socAfter - config.SocMax) : 0.0;
        var delta = config.PriceFactor(EvConfig.PeriodOf(hour));
        return new EvStepResult(hour, requestedKwh, executed, socAfter, profit, penalty, delta, departing, intent, v2v, grid, tradePrice);
    }

    /// <summary>
    /// Writes the state s_t (eq. 4.10) plus the time features the policy needs into <paramref name="features"/>
    /// (length <see cref="FeatureCount"/>): delta_t (0 when <paramref name="includePriceFactor"/> is false),
    /// SOC, p^v2v, grid price (p^G), Omega, hour, hours to departure, one-hot period, charge headroom, discharge headroom.
    /// </summary>
    public void Observe(Span<float> features, bool includePriceFactor)
    {
        if (features.Length < FeatureCount)
        {
            throw new ArgumentException("feature span too short", nameof(features));
        }

        var hour = Math.Min(Hour, 23);
        var period = EvConfig.PeriodOf(hour);
        features[0] = includePriceFactor ? (float)Config.PriceFactor(period) : 0f;
        features[1] = (float)((Soc - 0.5) / 0.3);
        features[2] = (float)((_episode.V2vPrice[hour] - 1.2) / 0.4);
        features[3] = (float)((_episode.GridPrice[hour] - 10.0) / 3.0);
        features[4] = (float)Config.Omega;
        features[5] = (float)((hour - 12.0) / 12.0);
        features[6] = (float)((_episode.DepartureHour - hour) / 12.0);
        features[7] = period == TouPeriod.OffPeak ? 1f : 0f;
        features[8] = period == TouPeriod.MidPeak ? 1f : 0f;
        features[9] = period == TouPeriod.OnPeak ? 1f : 0f;
        var (lower, upper) = ActionBounds();
        features[10] = (float)(upper / Config.MaxChargeKwh);
        features[11] = (float)(-lower / Config.MaxDischargeKwh);
    }

    /// <summary>Runs a whole episode with a policy (action index from the environment) and returns the steps.</summary>
    public static IReadOnlyList<EvStepResult> Rollout(EvConfig config, EvEpisode episode, Func<EvEnvironment, int> policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var env = new EvEnvironment(config, episode);
        var steps = new List<EvStepResult>(episode.Steps);
        while (!env.Done)
        {
            steps.Add(env.StepIndex(policy(env)));
        }

        return steps;
    }

    /// <summary>The 24 hourly reports of a day: parked hours from the steps, absent hours with SOC unchanged and no energy.</summary>
    public static IReadOnlyList<HourlyReport> DayReports(EvConfig config, EvEpisode episode, IReadOnlyList<EvStepResult> steps)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(episode);
        ArgumentNullException.ThrowIfNull(steps);
        var reports = new HourlyReport[24];
        var soc = episode.InitialSoc;
        var s = 0;
        for (var h = 0; h < 24; h++)
        {
            if (s < steps.Count && steps[s].Hour == h)
            {
                reports[h] = steps[s].ToReport(config.SocMax);
                soc = steps[s].SocAfter;
                s++;
            }
            else
            {
                reports[h] = new HourlyReport(h, soc, config.SocMax, 0, 0, false);
            }
        }

        return reports;
    }
}
