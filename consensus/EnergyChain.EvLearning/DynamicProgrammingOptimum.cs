namespace EnergyChain.EvLearning;

/// <summary>
/// Exact optimum of an episode (perfect foresight of the day's prices) for the environment's discrete action
/// set and bounds, by backward dynamic programming over the SOC values reachable from the initial SOC. With
/// clipping at the SOC bounds the reachable set is the lattice {SOC_0 + k * step} union {SOC_min + k * step}
/// union {SOC_max - k * step} inside [SOC_min, SOC_max] (step = gcd of the action levels, 2 kWh by default); states
/// are merged at 1 mWh resolution. This is the optimum for that discretisation, i.e. the best any policy over
/// <see cref="EvConfig.ActionLevelsKwh"/> can do on the episode.
/// </summary>
public static class DynamicProgrammingOptimum
{
    public static OptimalSchedule Solve(EvConfig config, EvEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(episode);
        var memo = new Dictionary<(int Hour, long Key), (double Value, int Action)>();
        _ = Value(config, episode, memo, episode.ArrivalHour, episode.InitialSoc);

        var actions = new List<int>(episode.Steps);
        var steps = new List<EvStepResult>(episode.Steps);
        var soc = episode.InitialSoc;
        double total = 0, profit = 0;
        for (var h = episode.ArrivalHour; h < episode.DepartureHour; h++)
        {
            var best = memo[(h, Key(config, soc))].Action;
            var step = EvEnvironment.Transition(config, episode, h, soc, config.ActionLevelsKwh[best]);
            actions.Add(best);
            steps.Add(step);
            total += step.Return;
            profit += step.Profit;
            soc = step.SocAfter;
        }

        return new OptimalSchedule(total, profit, actions, steps);
    }

    private static long Key(EvConfig config, double soc) => (long)Math.Round(soc * config.BatteryKwh * 1_000_000.0);

    private static double Value(EvConfig config, EvEpisode episode, Dictionary<(int, long), (double, int)> memo, int hour, double soc)
    {
        if (hour >= episode.DepartureHour)
        {
            return 0.0;
        }

        var key = (hour, Key(config, soc));
        if (memo.TryGetValue(key, out var cached))
        {
            return cached.Item1;
        }

        var bestValue = double.NegativeInfinity;
        var bestAction = 0;
        var levels = config.ActionLevelsKwh;
        for (var a = 0; a < levels.Count; a++)
        {
            var step = EvEnvironment.Transition(config, episode, hour, soc, levels[a]);
            var v = step.Return + Value(config, episode, memo, hour + 1, step.SocAfter);
            if (v > bestValue + 1e-12)
            {
                bestValue = v;
                bestAction = a;
            }
        }

        memo[key] = (bestValue, bestAction);
        return bestValue;
    }
}
