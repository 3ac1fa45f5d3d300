using System.Text.Json;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Poeg;

/// <summary>
/// The market's money through blocks: escrow at clearing, payment on delivered energy, shortfall charged and
/// penalized, a missing reading as nothing delivered, exclusions, the views, and validators that recompute it all.
/// </summary>
public sealed class PoegSettlementTests
{
    private static readonly (long X, long Y, ulong P, ulong C)[] Households = TwoNeighbourhoods.Households;

    [Fact]
    public void Buyers_pay_into_escrow_and_members_pay_their_mining_fees_when_the_slot_clears()
    {
        var chain = new PoegChain();
        Order(chain);
        chain.ProduceUntilNext(chain.Engine.Parameters.SettlementHeightOf(1));
        var before = chain.Keys.Select(k => chain.Chain.GetAccount(k.Address).Balance).ToArray();
        var clearing = MarketSettlement.Decode(chain.Produce().Header.ConsensusData.Span);

        Assert.Equal(4, clearing.Participants.Count);
        Assert.Empty(clearing.Excluded);
        var escrow = 0UL;
        for (var i = 0; i < 4; i++)
        {
            var k = IndexOf(chain, clearing, i);
            Assert.Equal(before[k] - clearing.EscrowOf(i) - clearing.Contributions[i], chain.Chain.GetAccount(chain.Keys[k].Address).Balance);
            escrow += clearing.EscrowOf(i);
        }

        Assert.True(escrow > 0);
        Assert.Equal(escrow, chain.Chain.GetAccount(SystemAddresses.MarketEscrow).Balance);
        Assert.Equal(clearing.RewardMicro, chain.Chain.GetAccount(SystemAddresses.RewardPool).Balance);

        // Default limits are the tariffs (80 and 300): every coalition with trades clears at their midpoint.
        foreach (var trade in clearing.MemberTrades)
        {
            Assert.Equal(190UL, clearing.PriceOf(trade));
        }
    }

    [Fact]
    public void A_seller_that_delivers_half_is_paid_for_it_charged_retail_for_the_rest_and_penalized_through_the_penalty_contract()
    {
        var chain = new PoegChain(contracts: true);
        Order(chain);
        chain.ProduceUntilNext(chain.Engine.Parameters.SettlementHeightOf(1) + 1);
        var clearing = PoegLedger.Market(chain.Chain)!;
        var seller = Participant(chain, clearing, 0);
        var trade = clearing.MemberTrades.Single(t => t.From == seller);
        var buyer = trade.To;
        var contracted = (ulong)trade.EnergyWh;
        var delivered = contracted / 2;

        // Household 0 exports only half of what it sold; everybody else as forecast.
        chain.ReadAndSettle(1, i => i == 0 ? (Households[0].C + delivered, Households[0].C) : (Households[i].P, Households[i].C));
        var sellerBefore = chain.Chain.GetAccount(chain.Keys[0].Address).Balance;
        var buyerKey = IndexOf(chain, clearing, buyer);
        var buyerBefore = chain.Chain.GetAccount(chain.Keys[buyerKey].Address).Balance;
        var edcBefore = chain.Chain.GetAccount(SystemAddresses.Edc).Balance;
        var penaltyBefore = chain.Chain.GetAccount(SystemAddresses.Penalty).Balance;
        var block = chain.Produce();
        var delivery = DeliverySettlement.Decode(block.Header.ConsensusData.Span);

        var price = clearing.PriceOf(trade);
        var parameters = chain.Engine.Parameters;
        var shortfall = contracted - delivered;
        var charge = shortfall * parameters.RetailMicroPerWh;
        var penalty = charge * parameters.ShortfallPenaltyPpm / 1_000_000;
        var h = delivery.Households[seller];
        Assert.Equal((delivered, shortfall, charge, charge, penalty, penalty), (h.DeliveredWh, h.ShortfallWh, h.EdcChargeMicro, h.EdcChargePaidMicro, h.PenaltyMicro, h.PenaltyPaidMicro));
        var reward = delivery.Households[seller].RewardWithheld ? 0 : delivery.Households[seller].RewardMicro;
        Assert.Equal(sellerBefore + (delivered * price) - charge - penalty + reward, chain.Chain.GetAccount(chain.Keys[0].Address).Balance);
        var buyerReward = delivery.Households[buyer].RewardWithheld ? 0 : delivery.Households[buyer].RewardMicro;
        Assert.Equal(buyerBefore + (shortfall * price) + buyerReward, chain.Chain.GetAccount(chain.Keys[buyerKey].Address).Balance);
        Assert.Equal(edcBefore + charge, chain.Chain.GetAccount(SystemAddresses.Edc).Balance);
        Assert.Equal(penaltyBefore + penalty, chain.Chain.GetAccount(SystemAddresses.Penalty).Balance);
        Assert.Equal(0UL, chain.Chain.GetAccount(SystemAddresses.MarketEscrow).Balance);

        // The household's view shows the same.
        var view = HouseholdView(chain, 1, 0);
        Assert.Equal("settled", view.GetProperty("phase").GetString());
        Assert.Equal(shortfall, view.GetProperty("shortfallWh").GetUInt64());
        Assert.Equal(penalty, view.GetProperty("penaltyMicro").GetUInt64());
        Assert.Equal(delivered * price, view.GetProperty("receivedMicro").GetUInt64());
        Assert.Equal(delivered, view.GetProperty("trades")[0].GetProperty("deliveredWh").GetUInt64());
        Assert.False(view.GetProperty("reading").GetProperty("missing").GetBoolean());
    }

    [Fact]
    public void A_missing_reading_counts_as_nothing_delivered()
    {
        var chain = new PoegChain();
        Order(chain);
        chain.ProduceUntilNext(chain.Engine.Parameters.SettlementHeightOf(1) + 1);
        var clearing = PoegLedger.Market(chain.Chain)!;
        chain.ReadAndSettle(1, i => i == 2 ? null : (Households[i].P, Households[i].C));
        var delivery = DeliverySettlement.Decode(chain.Produce().Header.ConsensusData.Span);
        var seller = Participant(chain, clearing, 2);
        var contracted = clearing.MemberTrades.Where(t => t.From == seller).Aggregate(0UL, (a, t) => a + (ulong)t.EnergyWh);
        Assert.False(delivery.Households[seller].ReadingPresent);
        Assert.Equal(0UL, delivery.Households[seller].DeliveredWh);
        Assert.Equal(contracted, delivery.Households[seller].ShortfallWh);
        Assert.True(HouseholdView(chain, 1, 2).GetProperty("reading").GetProperty("missing").GetBoolean());
    }

    [Fact]
    public void Households_whose_limits_no_price_meets_or_who_cannot_pay_trade_with_the_EDC_only_and_their_view_says_why()
    {
        var chain = new PoegChain();
        chain.Produce(extra: chain.Keys.Select((k, i) => chain.Tx(k, new GridRegistrationPayload(Households[i].X, Households[i].Y))).ToList());

        // Buyer 1 bids at most 50 micro/Wh, below seller 0's feed-in minimum; buyer 3 gives away almost everything.
        var poor = chain.Chain.GetAccount(chain.Keys[3].Address).Balance;
        Assert.True(chain.Pool.Add(chain.Tx(chain.Keys[0], new EnergyReportPayload(1, Households[0].P, Households[0].C))).Accepted);
        Assert.True(chain.Pool.Add(chain.Tx(chain.Keys[1], new EnergyReportPayload(1, Households[1].P, Households[1].C, null, 50))).Accepted);
        Assert.True(chain.Pool.Add(chain.Tx(chain.Keys[2], new EnergyReportPayload(1, Households[2].P, Households[2].C))).Accepted);
        Assert.True(chain.Pool.Add(chain.Tx(chain.Keys[3], new EnergyReportPayload(1, Households[3].P, Households[3].C))).Accepted);
        Assert.True(chain.Pool.Add(chain.Tx(chain.Keys[3], new TransferPayload(chain.Outsider.Address, poor - 1_000))).Accepted);
        chain.Produce();
        chain.ProduceUntilNext(chain.Engine.Parameters.SettlementHeightOf(1));
        var clearing = MarketSettlement.Decode(chain.Produce().Header.ConsensusData.Span);

        var byAddress = clearing.Excluded.ToDictionary(e => e.Address);
        Assert.Equal(ExclusionReason.PriceLimits, byAddress[chain.Keys[1].Address].Reason);
        Assert.Equal(ExclusionReason.PriceLimits, byAddress[chain.Keys[0].Address].Reason); // the midpoint 65 misses seller 0's 80 too
        Assert.Equal(ExclusionReason.Funds, byAddress[chain.Keys[3].Address].Reason);
        Assert.Equal([chain.Keys[2].Address], clearing.Participants.Select(p => p.Address));
        Assert.Empty(clearing.MemberTrades);

        var priced = HouseholdView(chain, 1, 1);
        Assert.Equal("price", priced.GetProperty("excluded").GetProperty("reason").GetString());
        Assert.Contains("maximum buy price 50", priced.GetProperty("excluded").GetProperty("detail").GetString(), StringComparison.Ordinal);
        var broke = HouseholdView(chain, 1, 3);
        Assert.Equal("funds", broke.GetProperty("excluded").GetProperty("reason").GetString());
        Assert.Contains("could not cover", broke.GetProperty("excluded").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0UL, chain.Chain.GetAccount(SystemAddresses.MarketEscrow).Balance);
    }

    [Fact]
    public void Bad_readings_are_refused_with_a_typed_error_and_change_nothing()
    {
        var chain = new PoegChain();
        Order(chain);
        var parameters = chain.Engine.Parameters;

        // During slot 1 its readings are not due yet.
        chain.ProduceUntilNext(parameters.SettlementHeightOf(1) + 1);
        AssertRefused(chain.Pool.Add(chain.Reading(0, 1, 10, 10)), TxError.ReadingOutOfWindow, "has not ended");

        chain.ProduceUntilNext(parameters.SettlementHeightOf(2));
        AssertRefused(chain.Pool.Add(chain.Reading(0, 1, 10, 10, meter: chain.Meters[1])), TxError.NotHouseholdMeter, "not the meter");
        AssertRefused(chain.Pool.Add(chain.Reading(0, 1, 10, 10, meter: chain.Keys[0])), TxError.NotHouseholdMeter, "not the meter");
        AssertRefused(chain.Pool.Add(chain.Reading(0, 1, parameters.MaxForecastWh + 1, 10)), TxError.ValueOutOfRange, "exceeds the limit");
        AssertRefused(chain.Pool.Add(chain.Reading(0, 2, 10, 10)), TxError.ReadingOutOfWindow, "has not ended");
        var record = PoegLedger.Household(chain.Chain, chain.Keys[0].Address);

        var accepted = chain.Pool.Add(chain.Reading(0, 1, 12_000, 2_000));
        Assert.True(accepted.Accepted, accepted.Rejection?.Message);
        chain.Produce();
        Assert.NotEqual(record, PoegLedger.Household(chain.Chain, chain.Keys[0].Address));
        record = PoegLedger.Household(chain.Chain, chain.Keys[0].Address);
        AssertRefused(chain.Pool.Add(chain.Reading(0, 1, 1, 1)), TxError.DuplicateReading, "already read");

        chain.ProduceUntilNext(parameters.DeliveryHeightOf(1));
        AssertRefused(chain.Pool.Add(chain.Reading(1, 1, 1, 1)), TxError.ReadingOutOfWindow, "closed");
        Assert.Equal(record, PoegLedger.Household(chain.Chain, chain.Keys[0].Address));

        // A block carrying a refused reading is refused whole.
        var honest = chain.Build();
        var tx = chain.Reading(1, 1, 1, 1);
        var forged = new Block((honest.Header with { TxRoot = Block.ComputeTxRoot([tx]) }).SignWith(chain.KeyOf(honest.Header.ProducerKey!)), [tx]);
        Assert.Equal(TxError.ReadingOutOfWindow, chain.Chain.Validate(forged).TxRejection?.Error);
    }

    [Fact]
    public void Every_validator_recomputes_the_settlement_and_refuses_an_altered_one()
    {
        var producer = new PoegChain(contracts: true);
        var replica = new PoegChain(contracts: true);
        Order(producer);
        producer.ProduceUntilNext(producer.Engine.Parameters.SettlementHeightOf(1) + 1);
        producer.ReadAndSettle(1, i => i == 0 ? (5_000, 2_000) : (Households[i].P, Households[i].C));

        var honest = producer.Build();
        var delivery = DeliverySettlement.Decode(honest.Header.ConsensusData.Span);
        var kinder = delivery with { Households = [.. delivery.Households.Select(h => h with { PenaltyMicro = 0, PenaltyPaidMicro = 0 })] };
        var key = producer.KeyOf(honest.Header.ProducerKey!);
        var forged = new Block((honest.Header with { ConsensusData = kinder.Encode() }).SignWith(key), honest.Transactions);
        Assert.Equal(BlockError.InvalidConsensusData, producer.Chain.Validate(forged).Error);
        Assert.Equal(BlockError.InvalidConsensusData, producer.Chain.Validate(new Block((honest.Header with { ConsensusData = ReadOnlyMemory<byte>.Empty }).SignWith(key), honest.Transactions)).Error);
        Assert.True(producer.Chain.TryAppend(honest).IsValid);

        for (ulong h = 1; h <= producer.Chain.Head.Height; h++)
        {
            var block = producer.Chain.Store.GetBlock(h)!;
            var result = replica.Chain.TryAppend(block);
            Assert.True(result.IsValid, result.ToString());
            Assert.Equal(block.Header.StateRoot, replica.Chain.Head.StateRoot);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Money_is_conserved_after_every_block_over_many_seeded_slots(int seed)
    {
        var random = new Random(seed); // drives the test's households only, never consensus
        var chain = new PoegChain(members: 6, contracts: seed != 2);
        var genesis = chain.Genesis.Accounts.Aggregate(0UL, (sum, a) => sum + a.Balance + a.Stake);
        chain.Produce(extra: chain.Keys.Select(k => chain.Tx(k, new GridRegistrationPayload(random.Next(20_001), random.Next(20_001)))).ToList());
        var parameters = chain.Engine.Parameters;
        var penalized = 0;
        var excluded = 0;
        for (ulong slot = 1; slot <= 10; slot++)
        {
            // Orders for the next slot, with limits around the tariffs; some households drain their balance.
            for (var i = 0; i < chain.Keys.Length; i++)
            {
                if (chain.Chain.GetAccount(chain.Keys[i].Address).Balance < 2)
                {
                    continue; // its shortfalls took everything: it cannot even pay the fee of an order
                }

                ulong? minSell = random.Next(3) == 0 ? (ulong)random.Next(60, 300) : null;
                ulong? maxBuy = random.Next(3) == 0 ? (ulong)random.Next(minSell is { } min ? (int)min : 60, 320) : null;
                var order = chain.Pool.Add(chain.Tx(chain.Keys[i], new EnergyReportPayload(slot, (ulong)random.Next(0, 15_000), (ulong)random.Next(0, 15_000), minSell, maxBuy)));
                Assert.True(order.Accepted, order.Rejection?.Message);
                // Keep 1,000..2,000,000 micro (and the two fees): enough for some payments, not for others.
                var balance = chain.Chain.GetAccount(chain.Keys[i].Address).Balance;
                var keep = (ulong)random.Next(1_000, 2_000_000) + 2;
                if (random.Next(4) == 0 && balance > keep)
                {
                    var transfer = chain.Pool.Add(chain.Tx(chain.Keys[i], new TransferPayload(chain.Outsider.Address, balance - keep)));
                    Assert.True(transfer.Accepted, transfer.Rejection?.Message);
                }
            }

            // The orders go into the last block before the slot; then the slot's blocks up to its last.
            Assert.True(chain.NextHeight < parameters.SettlementHeightOf(slot));
            chain.Produce();
            Assert.Equal(genesis, MoneySupply.Of(chain.Chain));
            while (chain.NextHeight < parameters.SettlementHeightOf(slot + 1) - 1)
            {
                // Readings of the previous slot: most near the forecast, some short, some missing.
                var readings = new List<Transaction>();
                if (slot > 1 && PoegLedger.Delivering(chain.Chain) is { } open && chain.NextHeight < parameters.DeliveryHeightOf(open.Slot)
                    && open.Participants.Any(p => PoegLedger.Household(chain.Chain, p.Address)!.ReadingSlot != open.Slot))
                {
                    foreach (var p in open.Participants)
                    {
                        var i = Array.FindIndex(chain.Keys, k => k.Address == p.Address);
                        if (PoegLedger.Household(chain.Chain, p.Address)!.ReadingSlot != open.Slot && random.Next(5) != 0)
                        {
                            var produced = (ulong)(p.Input.ProductionWh * random.Next(40, 115) / 100);
                            readings.Add(chain.Reading(i, open.Slot, produced, (ulong)p.Input.ConsumptionWh));
                        }
                    }
                }

                var block = chain.Produce(extra: readings);
                Assert.Equal(genesis, MoneySupply.Of(chain.Chain));
                AssertHeldMoneyMatchesOpenSlots(chain);
                if (!block.Header.ConsensusData.IsEmpty && parameters.DeliverySlotAt(block.Header.Height) is not null)
                {
                    penalized += DeliverySettlement.Decode(block.Header.ConsensusData.Span).Households.Count(h => h.PenaltyMicro > 0);
                }
                else if (parameters.IsSettlementHeight(block.Header.Height))
                {
                    excluded += MarketSettlement.Decode(block.Header.ConsensusData.Span).Excluded.Count;
                }
            }
        }

        Assert.True(penalized > 0, "some seller fell short");
        Assert.True(excluded > 0, "some household was excluded");
        Assert.True(chain.Chain.GetAccount(SystemAddresses.Edc).Balance > 0);
    }

    /// <summary>Escrow holds exactly the payments of the slots not yet settled, the pool exactly their fees.</summary>
    private static void AssertHeldMoneyMatchesOpenSlots(PoegChain chain)
    {
        ulong escrow = 0, fees = 0;
        foreach (var open in new[] { PoegLedger.Market(chain.Chain), PoegLedger.Delivering(chain.Chain) })
        {
            if (open is null)
            {
                continue;
            }

            for (var i = 0; i < open.Participants.Count; i++)
            {
                escrow += open.EscrowOf(i);
            }

            fees += open.RewardMicro;
        }

        Assert.Equal(escrow, chain.Chain.GetAccount(SystemAddresses.MarketEscrow).Balance);
        Assert.Equal(fees, chain.Chain.GetAccount(SystemAddresses.RewardPool).Balance);
    }

    private static void Order(PoegChain chain) => TwoNeighbourhoods.RegisterAndOrderSlotOne(chain);

    private static JsonElement HouseholdView(PoegChain chain, ulong slot, int household)
    {
        var reads = new MarketReadModel(chain.Engine, chain.Chain);
        var response = reads.Household(new EngineQuery(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["slot"] = slot.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["address"] = chain.Keys[household].Address.ToString(),
        }));
        Assert.Equal(200, response.Status);
        return JsonSerializer.SerializeToElement(response.Body, JsonSerializerOptions.Web);
    }

    /// <summary>The clearing's participant index of member key <paramref name="key"/>.</summary>
    private static int Participant(PoegChain chain, MarketSettlement clearing, int key) =>
        clearing.Participants.Select(p => p.Address).ToList().IndexOf(chain.Keys[key].Address);

    /// <summary>The member key index of the clearing's participant <paramref name="index"/>.</summary>
    private static int IndexOf(PoegChain chain, MarketSettlement clearing, int index) =>
        Array.FindIndex(chain.Keys, k => k.Address == clearing.Participants[index].Address);

    private static void AssertRefused(TxAdmission admission, TxError error, string reason)
    {
        Assert.Equal(TxAdmissionStatus.Rejected, admission.Status);
        Assert.Equal(error, admission.Rejection!.Error);
        Assert.Contains(reason, admission.Rejection.Message, StringComparison.Ordinal);
    }
}
