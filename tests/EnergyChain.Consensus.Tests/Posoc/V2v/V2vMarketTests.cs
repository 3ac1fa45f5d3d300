using EnergyChain.Consensus.Posoc;
using EnergyChain.Consensus.Posoc.V2v;
using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Transactions;
using static EnergyChain.Consensus.Tests.Posoc.V2v.V2vSteps;

namespace EnergyChain.Consensus.Tests.Posoc.V2v;

/// <summary>
/// The V2V market through the chain: matching per site with escrow in the block that opens the hour, settlement on
/// the smaller reading two hours later, penalties and refunds, and the mLAG's fee on realised profit.
/// </summary>
public sealed class V2vMarketTests
{
    [Fact]
    public void One_sites_intents_clear_at_one_price_the_buyer_escrows_and_settlement_pays_the_smaller_reading()
    {
        var chain = TwoSites();
        var (a, b, c, d) = (chain.Keys[0], chain.Keys[1], chain.Keys[2], chain.Keys[3]);

        // Offers 3 kWh at 20 and 2 kWh at 30; bids 4 kWh at 200 and 1 kWh at 25: c buys 3 kWh from a and 1 kWh from
        // b; the last matched pair is (30, 200), so the price is 115; b's other kWh and d's bid find no counterpart.
        Post(chain, (a, Sell(1, 3_000, 20)), (b, Sell(1, 2_000, 30)), (c, Buy(1, 4_000, 200)), (d, Buy(1, 1_000, 25)));
        var supply = MoneySupply.Of(chain.Chain);
        chain.Produce();
        var cBefore = Balance(chain, c.Address);
        var data = PosocBlockData.Decode(OpenHour(chain, 1).Header.ConsensusData.Span);
        var matching = Assert.IsType<V2vMatching>(data.Matching);
        Assert.Null(data.Settlement);
        var site = Assert.Single(matching.Sites);
        Assert.Equal(new V2vSiteClearing(0, 115, 4_000, 1_000, 1_000), site);
        var trades = matching.Trades.Select(t => (matching.Orders[t.Seller].Ev, matching.Orders[t.Buyer].Ev, t.EnergyWh, t.PriceMicroPerWh)).ToList();
        Assert.Equal([(a.Address, c.Address, 3_000UL, 115UL), (b.Address, c.Address, 1_000UL, 115UL)], trades);
        Assert.Equal(cBefore - (4_000UL * 115), Balance(chain, c.Address));
        Assert.Equal(4_000UL * 115, Balance(chain, SystemAddresses.MarketEscrow));
        Assert.Equal(supply, MoneySupply.Of(chain.Chain));

        // a and c agree on 3 kWh; b says 1 kWh, c says 0.8 kWh: that trade settles on 0.8 kWh.
        Post(chain, (a, new V2vDeliveryPayload(1, c.Address, 3_000)), (c, new V2vDeliveryPayload(1, a.Address, 3_000)));
        Post(chain, (b, new V2vDeliveryPayload(1, c.Address, 1_000)), (c, new V2vDeliveryPayload(1, b.Address, 800)));
        chain.Produce();
        var before = chain.Keys.ToDictionary(k => k.Address, k => Balance(chain, k.Address));
        var settlement = Assert.IsType<V2vSettlement>(PosocBlockData.Decode(OpenHour(chain, 3).Header.ConsensusData.Span).Settlement);
        Assert.Equal(1UL, settlement.Hour);
        Assert.Equal(new V2vTradeSettlement(3_000, 3_000, 3_000, 345_000, 0, 0, 0, 0, 0, 3_000 * (115 - 68)), settlement.Trades[0]);
        Assert.Equal(new V2vTradeSettlement(1_000, 800, 800, 92_000, 23_000, 0, 0, 0, 200, 800 * (115 - 68)), settlement.Trades[1]);
        Assert.Equal(before[a.Address] + 345_000, Balance(chain, a.Address));
        Assert.Equal(before[b.Address] + 92_000, Balance(chain, b.Address));
        Assert.Equal(before[c.Address] + 23_000, Balance(chain, c.Address));
        Assert.Equal(0UL, Balance(chain, SystemAddresses.MarketEscrow));
        Assert.Equal(supply, MoneySupply.Of(chain.Chain));

        // The discrepancy is on both parties' records; realised profit is the seller's only.
        Assert.Equal((1UL, 200UL), (V2vLedger.Totals(chain.Chain, b.Address).Discrepancies, V2vLedger.Totals(chain.Chain, b.Address).DiscrepancyWh));
        Assert.Equal((1UL, 200UL), (V2vLedger.Totals(chain.Chain, c.Address).Discrepancies, V2vLedger.Totals(chain.Chain, c.Address).DiscrepancyWh));
        Assert.Equal(0UL, V2vLedger.Totals(chain.Chain, a.Address).Discrepancies);
        Assert.Equal(3_800UL, V2vLedger.Totals(chain.Chain, c.Address).BoughtWh);
        Assert.Equal(3_000L * 47, PosocLedger.Ev(chain.Chain, a.Address).ProfitIn(0));
        Assert.Equal(800L * 47, PosocLedger.Ev(chain.Chain, b.Address).ProfitIn(0));
        Assert.Equal(0L, PosocLedger.Ev(chain.Chain, c.Address).ProfitIn(0));
    }

    [Fact]
    public void Sites_clear_separately_a_silent_seller_pays_the_penalty_and_its_buyer_is_refunded_and_a_silent_buyer_agrees()
    {
        var chain = TwoSites(contracts: true);
        var (a, b, c, d) = (chain.Keys[0], chain.Keys[1], chain.Keys[2], chain.Keys[3]);
        Post(chain, (a, Sell(1, 2_000, 10, site: 0)), (c, Buy(1, 2_000, 50, site: 0)), (b, Sell(1, 1_000, 20, site: 1)), (d, Buy(1, 1_000, 60, site: 1)));
        var supply = MoneySupply.Of(chain.Chain);
        OpenHour(chain, 1);
        var matching = V2vLedger.Matching(chain.Chain, 1)!;
        Assert.Equal([(0U, 30UL), (1U, 40UL)], matching.Sites.Select(s => (s.Site, s.PriceMicroPerWh)));

        // a never reports (c does, saying it got nothing); b reports 1 kWh and d stays silent.
        Post(chain, (c, new V2vDeliveryPayload(1, a.Address, 0)), (b, new V2vDeliveryPayload(1, d.Address, 1_000)));
        chain.Produce();
        var before = chain.Keys.ToDictionary(k => k.Address, k => Balance(chain, k.Address));
        var penaltyBefore = Balance(chain, SystemAddresses.Penalty);
        OpenHour(chain, 3);

        var settlement = V2vLedger.Settlement(chain.Chain, 1)!;
        var silentSeller = settlement.Trades[matching.Trades.ToList().FindIndex(t => matching.Orders[t.Seller].Ev == a.Address)];
        var silentBuyer = settlement.Trades[matching.Trades.ToList().FindIndex(t => matching.Orders[t.Seller].Ev == b.Address)];

        // Hour 1 is off-peak: 68 micro/Wh; the penalty is 10 % of the undelivered energy's grid price.
        var penalty = 2_000UL * 68 / 10;
        Assert.Equal(new V2vTradeSettlement(null, 0, 0, 0, 60_000, 2_000, penalty, penalty, 0, 0), silentSeller);
        Assert.Equal(new V2vTradeSettlement(1_000, null, 1_000, 40_000, 0, 0, 0, 0, 0, 1_000 * (40 - 68)), silentBuyer);
        Assert.Equal(before[a.Address] - penalty, Balance(chain, a.Address));
        Assert.Equal(before[c.Address] + 60_000, Balance(chain, c.Address));
        Assert.Equal(before[b.Address] + 40_000, Balance(chain, b.Address));
        Assert.Equal(penaltyBefore + penalty, Balance(chain, SystemAddresses.Penalty));
        Assert.Equal(penalty, V2vLedger.Totals(chain.Chain, a.Address).PenaltiesMicro);
        Assert.Equal(supply, MoneySupply.Of(chain.Chain));
    }

    [Fact]
    public void A_buyer_that_cannot_pay_for_its_match_is_left_out_and_the_site_clears_again_without_it()
    {
        var chain = TwoSites();
        var (a, c, poor) = (chain.Keys[0], chain.Keys[2], chain.Keys[3]);
        Post(chain, (poor, new TransferPayload(chain.Outsider.Address, PosocChain.Balance - 50_000)));
        chain.Produce();

        // With poor's bid of 100 the price would be 55 and poor would owe 110,000; it holds about 50,000.
        Post(chain, (a, Sell(2, 2_000, 10)), (poor, Buy(2, 2_000, 100)), (c, Buy(2, 2_000, 50)));
        OpenHour(chain, 2);

        var matching = V2vLedger.Matching(chain.Chain, 2)!;
        var trade = Assert.Single(matching.Trades);
        Assert.Equal((a.Address, c.Address, 30UL), (matching.Orders[trade.Seller].Ev, matching.Orders[trade.Buyer].Ev, trade.PriceMicroPerWh));
        var left = matching.Orders.Single(o => o.Ev == poor.Address);
        Assert.True(left.ExcludedForFunds);
        Assert.Equal(0UL, left.MatchedWh);
        Assert.Equal(2_000UL, matching.Sites[0].UnmatchedBuyWh);
    }

    [Fact]
    public void A_block_whose_V2V_matching_or_settlement_differs_from_the_recomputed_one_is_refused()
    {
        var chain = TwoSites();
        var (a, c) = (chain.Keys[0], chain.Keys[2]);
        Post(chain, (a, Sell(1, 2_000, 10)), (c, Buy(1, 2_000, 50)));
        chain.ProduceUntilNext(chain.Engine.Parameters.HourStartHeight(1));
        var honest = chain.Build();
        var key = chain.KeyOf(honest.Header.ProducerKey!);
        var data = PosocBlockData.Decode(honest.Header.ConsensusData.Span);
        var matching = data.Matching!;
        var cheaper = matching with { Trades = [matching.Trades[0] with { PriceMicroPerWh = 29 }] };
        var larger = matching with { Trades = [matching.Trades[0] with { EnergyWh = 2_001 }] };
        foreach (var forged in new[] { data with { Matching = cheaper }, data with { Matching = larger }, data with { Matching = null } })
        {
            var block = new Block((honest.Header with { ConsensusData = forged.Encode() }).SignWith(key), honest.Transactions);
            Assert.Equal(BlockError.InvalidConsensusData, chain.Chain.Validate(block).Error);
        }

        Assert.True(chain.Chain.TryAppend(honest).IsValid);
        Post(chain, (a, new V2vDeliveryPayload(1, c.Address, 2_000)), (c, new V2vDeliveryPayload(1, a.Address, 2_000)));
        chain.ProduceUntilNext(chain.Engine.Parameters.HourStartHeight(3));
        var settling = chain.Build();
        var settled = PosocBlockData.Decode(settling.Header.ConsensusData.Span);
        var overpaid = settled with { Settlement = settled.Settlement! with { Trades = [settled.Settlement.Trades[0] with { PaidMicro = 60_001 }] } };
        var forgedSettlement = new Block((settling.Header with { ConsensusData = overpaid.Encode() }).SignWith(chain.KeyOf(settling.Header.ProducerKey!)), settling.Transactions);
        Assert.Equal(BlockError.InvalidConsensusData, chain.Chain.Validate(forgedSettlement).Error);
        Assert.True(chain.Chain.Validate(settling).IsValid);
    }

    [Fact]
    public void The_rounds_mLAG_collects_beta_of_each_EVs_realised_V2V_profit_not_of_its_reports()
    {
        var chain = TwoSites();
        var (a, b, c, d) = (chain.Keys[0], chain.Keys[1], chain.Keys[2], chain.Keys[3]);

        // Everyone reports a big on-peak discharge; only a and b sell, at 115 (47 above off-peak).
        Post(chain, [.. chain.Keys.Select(k => (k, (TxPayload)new EvReportPayload(500_000, 800_000, 0, 40_000, false)))]);
        Post(chain, (a, Sell(1, 3_000, 20)), (b, Sell(1, 1_000, 30)), (c, Buy(1, 3_000, 200)), (d, Buy(1, 1_000, 200)));
        OpenHour(chain, 1);
        var matching = V2vLedger.Matching(chain.Chain, 1)!;
        foreach (var t in matching.Trades)
        {
            var (seller, buyer) = (matching.Orders[t.Seller].Ev, matching.Orders[t.Buyer].Ev);
            Post(chain, (chain.Keys.Single(k => k.Address == seller), new V2vDeliveryPayload(1, buyer, t.EnergyWh)));
        }

        OpenHour(chain, 3);
        var settlement = V2vLedger.Settlement(chain.Chain, 1)!;
        var profit = chain.Keys.ToDictionary(k => k.Address, k => PosocLedger.Ev(chain.Chain, k.Address).ProfitIn(0));
        Assert.Equal(settlement.Trades.Sum(t => t.SellerProfitMicro), profit.Values.Sum());
        Assert.Equal(0L, profit[c.Address] + profit[d.Address]);

        chain.ProduceUntilNext(chain.Engine.Parameters.RoundStartHeight(1));
        var mlag = MlagSelector.MlagOf(chain.Chain, chain.Chain.Head.Height + 1).Address;
        var before = chain.Keys.ToDictionary(k => k.Address, k => Balance(chain, k.Address));
        var close = PosocBlockData.Decode(chain.Produce().Header.ConsensusData.Span).Close!;
        var expected = profit.Where(p => p.Key != mlag && p.Value > 0).Sum(p => p.Value / 10);
        Assert.Equal((ulong)expected, close.FeesCollectedMicro);
        foreach (var (ev, made) in profit.Where(p => p.Key != mlag))
        {
            Assert.Equal((ulong)Math.Max(0, made / 10), before[ev] - Balance(chain, ev));
        }
    }
}
