namespace EnergyChain.EvLearning;

/// <summary>Reference policies for tests and reports.</summary>
public static class Policies
{
    /// <summary>Uniform random action index, seeded.</summary>
    public static Func<EvEnvironment, int> Random(ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        return env => rng.NextInt(env.Config.ActionLevelsKwh.Count);
    }

    /// <summary>Objective (profit minus range-anxiety penalty) and profit of a policy on an episode.</summary>
    public static (double Return, double Profit) Score(EvConfig config, EvEpisode episode, Func<EvEnvironment, int> policy)
    {
        double ret = 0, profit = 0;
        foreach (var s in EvEnvironment.Rollout(config, episode, policy))
        {
            ret += s.Return;
            profit += s.Profit;
        }

        return (ret, profit);
    }
}
