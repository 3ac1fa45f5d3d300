using EnergyChain.Core.Transactions;

namespace EnergyChain.EvLearning.Tests;

public class EmpiricalV2vMarketTests
{
    private static readonly EvEpisode Day = EvEpisode.Generate(5);

    [Fact]
    public void Without_records_it_answers_like_its_prior()
    {
        var prior = new SimulatedV2vMarket(1);
        var market = new EmpiricalV2vMarket(prior);
        for (var h = 0; h < 24; h++)
        {
            Assert.Equal(prior.Clear(Day, h, V2vSide.Sell, 4.0, 1.0), market.Clear(Day, h, V2vSide.Sell, 4.0, 1.0));
        }

        Assert.Null(market.FillRatio(9, V2vSide.Sell));
    }

    [Fact]
    public void Recorded_fill_and_price_blend_with_the_prior_by_volume()
    {
        var market = new EmpiricalV2vMarket(FixedPriceV2vMarket.Instance, priorWeightKwh: 12.0);
        market.Record(9, V2vSide.Sell, 6.0, 3.0, 0.8);
        market.Record(9, V2vSide.Sell, 6.0, 0.0, 0.0);
        Assert.Equal(0.25, market.FillRatio(9, V2vSide.Sell));
        Assert.Equal(0.8, market.PriceRatio(9, V2vSide.Sell)!.Value, 12);

        // 12 kWh recorded against a prior weight of 12 kWh: half recorded (fill 0.25), half prior (always filled).
        var fill = market.Clear(Day, 9, V2vSide.Sell, 4.0, 0.0);
        Assert.Equal((0.5 * 4.0 * 0.25) + (0.5 * 4.0), fill.MatchedKwh, 12);
        Assert.Equal((0.5 * 0.8 * Day.V2vPrice[9]) + (0.5 * Day.V2vPrice[9]), fill.Price, 12);

        // The other side and other hours keep the prior.
        Assert.Equal(4.0, market.Clear(Day, 9, V2vSide.Buy, 4.0, 0.0).MatchedKwh);
        Assert.Equal(4.0, market.Clear(Day, 10, V2vSide.Sell, 4.0, 0.0).MatchedKwh);
    }

    [Fact]
    public void Many_records_dominate_the_prior()
    {
        var market = new EmpiricalV2vMarket(FixedPriceV2vMarket.Instance);
        for (var i = 0; i < 1000; i++)
        {
            market.Record(17, V2vSide.Buy, 6.0, 1.5, 1.0);
        }

        Assert.Equal(1000, market.Trades);
        Assert.InRange(market.Clear(Day, 17, V2vSide.Buy, 6.0, 10.0).MatchedKwh, 1.5, 1.52);
    }

    [Fact]
    public void Impossible_records_are_rejected()
    {
        var market = new EmpiricalV2vMarket(FixedPriceV2vMarket.Instance);
        Assert.Throws<ArgumentOutOfRangeException>(() => market.Record(24, V2vSide.Buy, 1.0, 0.5, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => market.Record(3, V2vSide.Buy, 1.0, 1.5, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => market.Record(3, V2vSide.Buy, 0.0, 0.0, 1.0));
    }
}
