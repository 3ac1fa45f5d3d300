using EnergyChain.Core.Transactions;

namespace EnergyChain.EvLearning.Tests;

public class SimulatedV2vMarketTests
{
    private static readonly SimulatedV2vMarket Market = new(42);

    [Fact]
    public void Fills_are_a_function_of_seed_episode_hour_and_order()
    {
        var again = new SimulatedV2vMarket(42);
        var other = new SimulatedV2vMarket(43);
        var differs = false;
        for (ulong seed = 1; seed <= 50; seed++)
        {
            var e = EvEpisode.Generate(seed);
            for (var h = e.ArrivalHour; h < e.DepartureHour; h++)
            {
                var limit = V2vOrderPricing.Limit(V2vSide.Sell, e.V2vPrice[h]);
                var a = Market.Clear(e, h, V2vSide.Sell, 6.0, limit);
                Assert.Equal(a, again.Clear(e, h, V2vSide.Sell, 6.0, limit));
                differs |= a != other.Clear(e, h, V2vSide.Sell, 6.0, limit);
            }
        }

        Assert.True(differs, "another market seed must draw other populations");
    }

    [Fact]
    public void Matched_energy_is_partial_and_the_uniform_price_respects_the_limit()
    {
        int full = 0, partial = 0, none = 0;
        for (ulong seed = 1; seed <= 200; seed++)
        {
            var e = EvEpisode.Generate(seed);
            for (var h = e.ArrivalHour; h < e.DepartureHour; h++)
            {
                foreach (var side in new[] { V2vSide.Sell, V2vSide.Buy })
                {
                    var limit = V2vOrderPricing.Limit(side, e.V2vPrice[h]);
                    var fill = Market.Clear(e, h, side, 6.0, limit);
                    Assert.InRange(fill.MatchedKwh, 0.0, 6.0);
                    if (fill.MatchedKwh == 0)
                    {
                        none++;
                        continue;
                    }

                    _ = fill.MatchedKwh == 6.0 ? full++ : partial++;

                    // Uniform price: a matched seller gets at least its ask, a matched buyer pays at most its bid.
                    var tick = 1 / SimulatedV2vMarket.PriceScale;
                    if (side == V2vSide.Sell)
                    {
                        Assert.True(fill.Price >= limit - tick, $"sale at {fill.Price} below the ask {limit}");
                    }
                    else
                    {
                        Assert.True(fill.Price <= limit + tick, $"purchase at {fill.Price} above the bid {limit}");
                    }
                }
            }
        }

        Assert.True(full > 0 && partial > 0 && none > 0, $"full {full}, partial {partial}, none {none}");
    }

    [Fact]
    public void An_order_nobody_accepts_does_not_match()
    {
        var e = EvEpisode.Generate(7);
        for (var h = 0; h < 24; h++)
        {
            Assert.Equal(0.0, Market.Clear(e, h, V2vSide.Sell, 4.0, e.V2vPrice[h] * 100).MatchedKwh);
            Assert.Equal(0.0, Market.Clear(e, h, V2vSide.Buy, 4.0, 0.0).MatchedKwh);
        }
    }

    [Fact]
    public void Off_peak_has_more_buyers_and_on_peak_more_sellers()
    {
        // A bid above everyone fills as far as the other EVs sell, an ask below everyone as far as they buy.
        double offPeakSupply = 0, onPeakSupply = 0, offPeakDemand = 0, onPeakDemand = 0;
        for (ulong seed = 1; seed <= 300; seed++)
        {
            var e = EvEpisode.Generate(seed);
            offPeakSupply += Market.Clear(e, 3, V2vSide.Buy, 100.0, 1000.0).MatchedKwh;
            onPeakSupply += Market.Clear(e, 8, V2vSide.Buy, 100.0, 1000.0).MatchedKwh;
            offPeakDemand += Market.Clear(e, 3, V2vSide.Sell, 100.0, 0.0).MatchedKwh;
            onPeakDemand += Market.Clear(e, 8, V2vSide.Sell, 100.0, 0.0).MatchedKwh;
        }

        Assert.True(offPeakDemand > offPeakSupply);
        Assert.True(onPeakSupply > onPeakDemand);
    }
}
