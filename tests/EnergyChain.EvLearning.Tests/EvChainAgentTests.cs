using EnergyChain.Core.Transactions;

namespace EnergyChain.EvLearning.Tests;

public class EvChainAgentTests
{
    [Fact]
    public void The_default_agent_trades_on_a_matched_market_that_its_records_correct()
    {
        var agent = new EvChainAgent(3);
        Assert.IsType<SimulatedV2vMarket>(agent.Market.Prior);
        Assert.Same(agent.Market, agent.Config.Market);

        var thesis = new EvChainAgent(3, EvConfig.Default);
        Assert.Same(FixedPriceV2vMarket.Instance, thesis.Market.Prior);
    }

    [Fact]
    public void A_recorded_trade_is_stored_relative_to_the_price_the_agent_expected()
    {
        var agent = new EvChainAgent(3, EvConfig.Default);
        const ulong Day = 2;
        const int Hour = 9;
        var expectedMicro = EvEpisode.Generate(Xoshiro256StarStar.DeriveSeed(3, 10_000 + Day)).V2vPrice[Hour] * EvChainAgent.MicroPerWhPerEnvPrice;
        var price = (ulong)Math.Round(expectedMicro * 0.95);
        agent.RecordTrade((Day * 24) + Hour, V2vSide.Sell, 6000, 1500, price);
        agent.RecordTrade((Day * 24) + Hour, V2vSide.Sell, 2000, 0, 0);

        Assert.Equal(2, agent.Market.Trades);
        Assert.Equal(0.1875, agent.Market.FillRatio(Hour, V2vSide.Sell)!.Value, 12);
        Assert.Equal(price / expectedMicro, agent.Market.PriceRatio(Hour, V2vSide.Sell)!.Value, 12);
        Assert.Null(agent.Market.FillRatio(Hour, V2vSide.Buy));
        Assert.Throws<ArgumentOutOfRangeException>(() => agent.RecordTrade(Hour, V2vSide.Buy, 1000, 2000, 10));
    }

    [Fact]
    public void Local_training_learns_from_the_recorded_trades()
    {
        // Every purchase the agent ever tried was left to the grid (about 8x the V2V price): after training on that
        // evidence it bids for less than an agent that believes every bid fills.
        var told = new EvChainAgent(4, EvConfig.Default);
        var untold = new EvChainAgent(4, EvConfig.Default);
        for (var h = 0; h < 24; h++)
        {
            for (var i = 0; i < 200; i++)
            {
                told.RecordTrade((ulong)h, V2vSide.Buy, 6000, 0, 0);
            }
        }

        for (ulong round = 1; round <= 30; round++)
        {
            _ = told.Train(round, null, 16);
            _ = untold.Train(round, null, 16);
        }

        Assert.True(Bid(told) < Bid(untold) / 2, $"bid {Bid(told)} Wh after failed purchases vs {Bid(untold)} Wh");
    }

    [Fact]
    public void The_intent_is_the_whole_clipped_action_even_when_the_model_expects_a_partial_fill()
    {
        var agent = new EvChainAgent(5);
        var partial = 0;
        for (ulong day = 0; day < 20; day++)
        {
            var episode = EvEpisode.Generate(Xoshiro256StarStar.DeriveSeed(5, 10_000 + day), agent.Config);
            var steps = new PpoLearner(agent.Config, PpoOptions.Default, EvChainAgent.SharedInitSeed).Play(episode);
            foreach (var step in steps)
            {
                var intent = agent.IntentFor(day, step.Hour, 1);
                if (Math.Round(step.IntentKwh * 1000) == 0)
                {
                    Assert.Null(intent);
                    continue;
                }

                Assert.NotNull(intent);
                Assert.Equal((ulong)Math.Round(Math.Abs(step.IntentKwh) * 1000, MidpointRounding.AwayFromZero), intent.EnergyWh);
                Assert.Equal(step.IntentKwh < 0 ? V2vSide.Sell : V2vSide.Buy, intent.Side);
                partial += Math.Abs(step.ExecutedKwh) < Math.Abs(step.IntentKwh) ? 1 : 0;
            }
        }

        Assert.True(partial > 0, "some sale should be expected to fill only partly on the simulated market");
    }

    private static long Bid(EvChainAgent agent)
    {
        long wh = 0;
        for (ulong day = 100; day < 130; day++)
        {
            for (var h = 0; h < 24; h++)
            {
                if (agent.IntentFor(day, h, 1) is { Side: V2vSide.Buy } intent)
                {
                    wh += (long)intent.EnergyWh;
                }
            }
        }

        return wh;
    }
}
