namespace EnergyChain.EvLearning.Tests;

public class OptimumTests
{
    private static readonly EvConfig Config = EvConfig.Default;

    [Fact]
    public void Dp_optimum_is_at_least_any_random_policy()
    {
        for (ulong seed = 1; seed <= 40; seed++)
        {
            var episode = EvEpisode.Generate(seed, Config);
            var opt = DynamicProgrammingOptimum.Solve(Config, episode);
            Assert.Equal(opt.Steps.Sum(s => s.Return), opt.Return, 9);
            for (ulong p = 0; p < 25; p++)
            {
                var (ret, _) = Policies.Score(Config, episode, Policies.Random((seed * 1000) + p));
                Assert.True(opt.Return >= ret - 1e-9, $"seed {seed}: random {ret} > optimum {opt.Return}");
            }

            Assert.True(opt.Return >= Policies.Score(Config, episode, _ => 3).Return - 1e-9);
        }
    }

    [Fact]
    public void Dp_optimum_equals_brute_force_on_small_instances()
    {
        for (ulong seed = 1; seed <= 6; seed++)
        {
            var g = EvEpisode.Generate(seed, Config);
            var v2v = g.V2vPrice.ToArray();

            // 5 hours spanning mid-peak to on-peak with the departure penalty: 7^5 = 16807 schedules.
            var episode = new EvEpisode(seed, 14, 19, g.InitialSoc, v2v, g.GridPrice.ToArray());
            var opt = DynamicProgrammingOptimum.Solve(Config, episode);
            var best = BruteForce(episode, 14, episode.InitialSoc);
            Assert.Equal(best, opt.Return, 9);
        }
    }

    [Fact]
    public void Expected_value_policy_lies_between_random_and_the_clairvoyant_optimum()
    {
        var episodes = EvEpisode.GenerateSet(77, 30, Config);
        double opt = 0, ev = 0, rnd = 0;
        foreach (var e in episodes)
        {
            opt += DynamicProgrammingOptimum.Solve(Config, e).Return;
            ev += ExpectedValuePolicy.Score(Config, e).Return;
            rnd += Policies.Score(Config, e, Policies.Random(e.Seed)).Return;
        }

        Assert.True(ev <= opt + 1e-9);
        Assert.True(ev > rnd);
        Assert.True(ev > 0.8 * opt);
    }

    [Fact]
    public void Inverse_normal_matches_known_quantiles()
    {
        Assert.Equal(0.0, ExpectedValuePolicy.InverseNormal(0.5), 9);
        Assert.Equal(1.959963984540054, ExpectedValuePolicy.InverseNormal(0.975), 7);
        Assert.Equal(-2.326347874040841, ExpectedValuePolicy.InverseNormal(0.01), 7);
    }

    private static double BruteForce(EvEpisode episode, int hour, double soc)
    {
        if (hour >= episode.DepartureHour)
        {
            return 0;
        }

        var best = double.NegativeInfinity;
        foreach (var a in Config.ActionLevelsKwh)
        {
            var s = EvEnvironment.Transition(Config, episode, hour, soc, a);
            best = Math.Max(best, s.Return + BruteForce(episode, hour + 1, s.SocAfter));
        }

        return best;
    }

    [Fact]
    public void Dp_optimum_on_the_simulated_market_beats_random_policies_and_grid_only()
    {
        var config = Config with { Market = new SimulatedV2vMarket(11) };
        var gridOnly = Config with { Market = GridOnlyV2vMarket.Instance };
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var episode = EvEpisode.Generate(seed, config);
            var opt = DynamicProgrammingOptimum.Solve(config, episode);
            Assert.Equal(opt.Steps.Sum(s => s.Return), opt.Return, 9);
            for (ulong p = 0; p < 25; p++)
            {
                Assert.True(opt.Return >= Policies.Score(config, episode, Policies.Random((seed * 1000) + p)).Return - 1e-9);
            }

            // Without V2V nothing can be sold and grid energy costs more than the departure penalty saves.
            var grid = DynamicProgrammingOptimum.Solve(gridOnly, episode);
            Assert.True(opt.Return >= grid.Return - 1e-9);
            Assert.Equal(0.0, grid.Profit, 9);
        }
    }
}
