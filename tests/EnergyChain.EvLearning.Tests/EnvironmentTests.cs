using EnergyChain.Core.Transactions;

namespace EnergyChain.EvLearning.Tests;

public class EnvironmentTests
{
    private static readonly EvConfig Config = EvConfig.Default;

    private static EvEpisode Flat(int arrival, int departure, double soc, double price = 1.0)
    {
        var v2v = Enumerable.Repeat(price, 24).ToArray();
        var grid = Enumerable.Repeat(10.0, 24).ToArray();
        return new EvEpisode(0, arrival, departure, soc, v2v, grid);
    }

    [Fact]
    public void Soc_stays_within_bounds_under_random_policies()
    {
        for (ulong seed = 1; seed <= 2000; seed++)
        {
            var episode = EvEpisode.Generate(seed, Config);
            var steps = EvEnvironment.Rollout(Config, episode, Policies.Random(seed * 7));
            Assert.Equal(episode.Steps, steps.Count);
            foreach (var s in steps)
            {
                Assert.InRange(s.SocAfter, 0.2, 0.8);
                Assert.InRange(s.ExecutedKwh, -Config.MaxDischargeKwh, Config.MaxChargeKwh);
            }

            Assert.True(steps[^1].Departing);
            Assert.All(steps.Take(steps.Count - 1), s => Assert.False(s.Departing));
        }
    }

    [Fact]
    public void Episode_distributions_are_clipped_and_centred_as_in_table_4_1()
    {
        const int N = 20000;
        double arrival = 0, departure = 0, soc = 0;
        for (ulong seed = 0; seed < N; seed++)
        {
            var e = EvEpisode.Generate(seed + 1_000_000, Config);
            Assert.InRange(e.ArrivalHour, 4, 10);
            Assert.InRange(e.DepartureHour, 8, 22);
            Assert.True(e.DepartureHour > e.ArrivalHour);
            Assert.InRange(e.InitialSoc, 0.4, 0.9);
            arrival += e.ArrivalHour;
            departure += e.DepartureHour;
            soc += e.InitialSoc;
        }

        Assert.InRange(arrival / N, 6.95, 7.05);
        Assert.InRange(departure / N, 17.95, 18.05);

        // The lower clip at 0.4 (1 sd below the mean) lifts the mean of N(0.5, 0.1) to about 0.508.
        Assert.InRange(soc / N, 0.50, 0.515);
    }

    [Fact]
    public void Prices_follow_the_time_of_use_periods()
    {
        double off = 0, mid = 0, on = 0;
        int nOff = 0, nMid = 0, nOn = 0;
        for (ulong seed = 0; seed < 2000; seed++)
        {
            var e = EvEpisode.Generate(seed, Config);
            for (var h = 0; h < 24; h++)
            {
                switch (EvConfig.PeriodOf(h))
                {
                    case TouPeriod.OffPeak: off += e.V2vPrice[h]; nOff++; break;
                    case TouPeriod.MidPeak: mid += e.V2vPrice[h]; nMid++; break;
                    default: on += e.V2vPrice[h]; nOn++; break;
                }
            }
        }

        Assert.InRange(off / nOff, 0.81, 0.83);
        Assert.InRange(mid / nMid, 1.12, 1.14);
        Assert.InRange(on / nOn, 1.69, 1.71);
        Assert.Equal(TouPeriod.OnPeak, EvConfig.PeriodOf(7));
        Assert.Equal(TouPeriod.MidPeak, EvConfig.PeriodOf(11));
        Assert.Equal(TouPeriod.OnPeak, EvConfig.PeriodOf(18));
        Assert.Equal(TouPeriod.OffPeak, EvConfig.PeriodOf(19));
        Assert.Equal(TouPeriod.OffPeak, EvConfig.PeriodOf(6));
        Assert.Equal((10.0 - 6.8) / 6.8, Config.PriceFactor(TouPeriod.MidPeak), 12);
        Assert.Equal((12.9 - 6.8) / 6.8, Config.PriceFactor(TouPeriod.OnPeak), 12);
        Assert.Equal(0.0, Config.PriceFactor(TouPeriod.OffPeak));
    }

    [Fact]
    public void Reward_arithmetic_matches_hand_computation()
    {
        var v2v = Enumerable.Repeat(1.0, 24).ToArray();
        v2v[17] = 1.7;
        v2v[18] = 1.6;
        var episode = new EvEpisode(0, 17, 19, 0.5, v2v, Enumerable.Repeat(10.0, 24).ToArray());
        var env = new EvEnvironment(Config, episode);

        // 17:00, on-peak: sell 6 kWh at 1.7 -> +10.2; SOC 0.5 - 6/42.
        var s1 = env.Step(-6.0);
        Assert.Equal(-6.0, s1.ExecutedKwh);
        Assert.Equal(10.2, s1.Profit, 12);
        Assert.Equal(0.5 - (6.0 / 42.0), s1.SocAfter, 12);
        Assert.Equal(0.0, s1.RangeAnxietyPenalty);
        Assert.False(s1.Departing);
        Assert.Equal(0.8970588235294118, s1.PriceFactor, 12);
        Assert.Equal(1.8970588235294118 * 10.2, s1.TrainingReward(usePriceFactor: true), 10);
        Assert.Equal(10.2, s1.TrainingReward(usePriceFactor: false), 12);

        // 18:00, departing: buy 4 kWh at 1.6 -> -6.4; SOC 0.45238...; penalty 20 * (0.45238 - 0.8)^2 = 2.41678.
        var s2 = env.Step(4.0);
        Assert.True(s2.Departing);
        Assert.Equal(-6.4, s2.Profit, 12);
        Assert.Equal(0.4523809523809524, s2.SocAfter, 12);
        Assert.Equal(2.4167800453514737, s2.RangeAnxietyPenalty, 10);
        Assert.Equal(-6.4 - 2.4167800453514737, s2.Return, 10);
        Assert.True(env.Done);
        Assert.Throws<InvalidOperationException>(() => env.Step(0));

        var report = s1.ToReport(Config.SocMax);
        Assert.Equal(0, report.WhCharged);
        Assert.Equal(6000, report.WhDischarged);
        Assert.Equal(4000, s2.ToReport(Config.SocMax).WhCharged);
    }

    [Fact]
    public void Actions_are_clipped_to_the_soc_window_eq_4_13()
    {
        var env = new EvEnvironment(Config, Flat(12, 16, 0.25));
        var s = env.Step(-6.0);
        Assert.Equal((0.2 - 0.25) * 42.0, s.ExecutedKwh, 12);
        Assert.Equal(0.2, s.SocAfter);

        env.Reset(Flat(12, 16, 0.75));
        s = env.Step(6.0);
        Assert.Equal((0.8 - 0.75) * 42.0, s.ExecutedKwh, 12);
        Assert.Equal(0.8, s.SocAfter);

        // Arriving above SOC_max (Table 4.1 allows 0.9): eq. 4.13 forces a discharge back into the window.
        env.Reset(Flat(12, 16, 0.9));
        s = env.Step(0.0);
        Assert.Equal(-4.2, s.ExecutedKwh, 12);
        Assert.Equal(0.8, s.SocAfter);
    }

    [Fact]
    public void Day_reports_cover_24_hours_with_one_departing_hour()
    {
        var episode = EvEpisode.Generate(5, Config);
        var steps = EvEnvironment.Rollout(Config, episode, Policies.Random(3));
        var day = EvEnvironment.DayReports(Config, episode, steps);
        Assert.Equal(24, day.Count);
        Assert.Single(day, r => r.Departing);
        Assert.Equal(episode.DepartureHour - 1, day.Single(r => r.Departing).Hour);
        Assert.All(day.Where(r => r.Hour < episode.ArrivalHour || r.Hour >= episode.DepartureHour), r => Assert.Equal(0, r.WhCharged + r.WhDischarged));
        Assert.All(day, r => Assert.Equal(0.8, r.MaxSoc));
    }

    [Fact]
    public void Observation_hides_the_price_factor_for_baseline_2()
    {
        var env = new EvEnvironment(Config, Flat(8, 12, 0.5));
        var with = new float[EvEnvironment.FeatureCount];
        var without = new float[EvEnvironment.FeatureCount];
        env.Observe(with, includePriceFactor: true);
        env.Observe(without, includePriceFactor: false);
        Assert.Equal((float)Config.PriceFactor(TouPeriod.OnPeak), with[0]);
        Assert.Equal(0f, without[0]);
        Assert.Equal(with[1..], without[1..]);
    }

    [Fact]
    public void The_reward_uses_the_matched_volume_and_price_and_charges_the_rest_from_the_grid()
    {
        var market = new StubMarket(MatchedKwh: 1.5, Price: 2.0);
        var config = Config with { Market = market };
        var episode = Flat(8, 12, 0.5, price: 1.2);

        var buy = EvEnvironment.Transition(config, episode, 9, 0.5, 4.0);
        Assert.Equal((V2vSide.Buy, 4.0, 1.2 * V2vOrderPricing.BuyerPremium), market.Last);
        Assert.Equal(4.0, buy.IntentKwh);
        Assert.Equal(4.0, buy.ExecutedKwh); // the EV still charges all of it
        Assert.Equal(1.5, buy.V2vKwh);
        Assert.Equal(2.5, buy.GridKwh);
        Assert.Equal(2.0, buy.TradePrice);
        Assert.Equal(-(1.5 * 2.0) - (2.5 * 10.0), buy.Profit, 12);
        Assert.Equal(0.5 + (4.0 / 42.0), buy.SocAfter, 12);

        var sell = EvEnvironment.Transition(config, episode, 9, 0.5, -4.0);
        Assert.Equal((V2vSide.Sell, 4.0, 1.2 * V2vOrderPricing.SellerDiscount), market.Last);
        Assert.Equal(-4.0, sell.IntentKwh);
        Assert.Equal(-1.5, sell.ExecutedKwh); // the unmatched 2.5 kWh stay in the battery
        Assert.Equal(0.0, sell.GridKwh);
        Assert.Equal(1.5 * 2.0, sell.Profit, 12);
        Assert.Equal(0.5 - (1.5 / 42.0), sell.SocAfter, 12);
        Assert.Equal(-1500, -sell.ToReport(0.8).WhDischarged);
    }

    [Fact]
    public void Nothing_matched_means_grid_charging_and_no_discharge()
    {
        var config = Config with { Market = GridOnlyV2vMarket.Instance };
        var episode = Flat(8, 12, 0.5);
        var buy = EvEnvironment.Transition(config, episode, 9, 0.5, 6.0);
        Assert.Equal(6.0, buy.GridKwh);
        Assert.Equal(-60.0, buy.Profit, 12);
        var sell = EvEnvironment.Transition(config, episode, 9, 0.5, -6.0);
        Assert.Equal(0.0, sell.ExecutedKwh);
        Assert.Equal(0.5, sell.SocAfter);
        Assert.Equal(0.0, sell.Profit);
    }

    [Fact]
    public void The_fixed_market_fills_every_order_at_the_drawn_price()
    {
        for (ulong seed = 1; seed <= 200; seed++)
        {
            var episode = EvEpisode.Generate(seed, Config);
            foreach (var s in EvEnvironment.Rollout(Config, episode, Policies.Random(seed)))
            {
                Assert.Equal(s.IntentKwh, s.ExecutedKwh);
                Assert.Equal(s.IntentKwh, s.V2vKwh);
                Assert.Equal(0.0, s.GridKwh);
                Assert.Equal(-s.ExecutedKwh * episode.V2vPrice[s.Hour], s.Profit);
            }
        }
    }

    [Fact]
    public void On_the_simulated_market_steps_account_for_every_kwh_and_replay_by_seed()
    {
        var config = Config with { Market = new SimulatedV2vMarket(9) };
        for (ulong seed = 1; seed <= 200; seed++)
        {
            var episode = EvEpisode.Generate(seed, config);
            var steps = EvEnvironment.Rollout(config, episode, Policies.Random(seed));
            Assert.Equal(steps, EvEnvironment.Rollout(config, episode, Policies.Random(seed)));
            foreach (var s in steps)
            {
                if (s.IntentKwh > 0)
                {
                    Assert.Equal(s.IntentKwh, s.ExecutedKwh);
                    Assert.Equal(s.IntentKwh, s.V2vKwh + s.GridKwh, 9);
                }
                else
                {
                    Assert.Equal(0.0, s.GridKwh);
                    Assert.Equal(s.V2vKwh, s.ExecutedKwh);
                    Assert.InRange(s.ExecutedKwh, s.IntentKwh, 0.0);
                }

                Assert.Equal(-(s.V2vKwh * s.TradePrice) - (s.GridKwh * episode.GridPrice[s.Hour]), s.Profit, 9);
                Assert.InRange(s.SocAfter, 0.2, 0.8);
            }
        }
    }

    private sealed class StubMarket(double MatchedKwh, double Price) : IV2vMarket
    {
        public (V2vSide Side, double Kwh, double Limit) Last { get; private set; }

        public string Name => "stub";

        public V2vFill Clear(EvEpisode episode, int hour, V2vSide side, double kwh, double limitPrice)
        {
            Last = (side, kwh, limitPrice);
            return new V2vFill(Math.Min(MatchedKwh, kwh), Price);
        }
    }
}
