using EnergyChain.Consensus.Poeg;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Poeg;

/// <summary>The poeg devnet's simulated households: seeded orders with price limits, meter readings, the under-deliverer.</summary>
public sealed class PoegHouseholdSimulationTests
{
    // The engine's default tariffs, as a devnet's /v1/consensus shows them.
    private static readonly ulong FeedIn = new PoegParameters().FeedInMicroPerWh;
    private static readonly ulong Retail = new PoegParameters().RetailMicroPerWh;

    [Fact]
    public void Orders_carry_seeded_limits_around_the_tariffs_and_now_and_then_one_that_no_member_can_meet()
    {
        var outOfReach = 0;
        for (var i = 0; i < 8; i++)
        {
            for (ulong slot = 1; slot <= 50; slot++)
            {
                var order = PoegHouseholdSimulation.OrderOf(i, slot, FeedIn, Retail);
                Assert.Equal(order, PoegHouseholdSimulation.OrderOf(i, slot, FeedIn, Retail));
                Assert.Equal(PoegHouseholdSimulation.ForecastOf(i, slot), (order.ProductionWh, order.ConsumptionWh));
                Assert.Equal(slot, order.MarketSlot);
                var (minSell, maxBuy) = (order.MinSellMicroPerWh!.Value, order.MaxBuyMicroPerWh!.Value);
                Assert.True(minSell <= maxBuy, $"household {i}, slot {slot}: inverted limits {minSell} > {maxBuy}");
                if (minSell > Retail || maxBuy < FeedIn * 9 / 10)
                {
                    // Out of reach: a seller above every buyer's maximum, or a buyer below every seller's minimum.
                    Assert.NotEqual(PoegHouseholdSimulation.UnderDeliverer, i);
                    Assert.True(order.ProductionWh > order.ConsumptionWh ? minSell > Retail : maxBuy < FeedIn * 9 / 10);
                    outOfReach++;
                }
                else
                {
                    Assert.InRange(minSell, FeedIn * 9 / 10, FeedIn * 13 / 10);
                    Assert.InRange(maxBuy, Retail * 85 / 100, Retail);
                }
            }
        }

        // About one order in eight.
        Assert.InRange(outOfReach, 400 / 16, 400 / 4);
    }

    [Fact]
    public void Meter_readings_deviate_from_the_forecast_by_a_seeded_few_percent_and_the_under_deliverer_produces_half()
    {
        var deviations = new HashSet<(ulong, ulong)>();
        for (var i = 0; i < 8; i++)
        {
            for (ulong slot = 1; slot <= 50; slot++)
            {
                var (production, consumption) = PoegHouseholdSimulation.ForecastOf(i, slot);
                var (produced, consumed) = PoegHouseholdSimulation.ReadingOf(i, slot);
                Assert.Equal((produced, consumed), PoegHouseholdSimulation.ReadingOf(i, slot));
                var promised = i == PoegHouseholdSimulation.UnderDeliverer ? production / 2 : production;
                Assert.InRange(produced, promised * 95 / 100, promised * 105 / 100);
                Assert.InRange(consumed, consumption * 95 / 100, consumption * 105 / 100);
                deviations.Add((produced, consumed));
                if (i == PoegHouseholdSimulation.UnderDeliverer)
                {
                    // It forecasts a surplus every slot, and its meter reads none.
                    Assert.True(production > consumption);
                    Assert.True(produced <= consumed);
                }
            }
        }

        // Not one fixed factor: the readings differ from slot to slot and household to household.
        Assert.True(deviations.Count > 350);
    }

    [Fact]
    public async Task Against_a_chain_the_meters_read_every_slot_once_and_the_under_deliverer_is_penalized()
    {
        var chain = new PoegChain(members: 4, marketSlotBlocks: 4);
        var households = new HandChainHouseholds(chain);
        var simulation = new PoegHouseholdSimulation();
        var parameters = chain.Engine.Parameters;
        const ulong LastSlot = 12;
        while (chain.NextHeight <= parameters.DeliveryHeightOf(LastSlot))
        {
            for (var i = 0; i < households.Count; i++)
            {
                await simulation.StepAsync(households, i, CancellationToken.None);
            }

            chain.Produce();
        }

        Assert.Empty(households.Reports);

        // Every reading is signed by the household's own meter, carries the seeded values, and is sent once.
        var readings = households.Submitted.Where(t => t.Payload is MeterReadingPayload).ToList();
        Assert.NotEmpty(readings);
        Assert.Equal(readings.Count, readings.Select(t => (MeterReadingPayload)t.Payload).Select(r => (r.Household, r.MarketSlot)).Distinct().Count());
        foreach (var tx in readings)
        {
            var reading = (MeterReadingPayload)tx.Payload;
            var i = Array.FindIndex(chain.Keys, k => k.Address == reading.Household);
            Assert.Equal(chain.Meters[i].Address, tx.SenderAddress);
            Assert.Equal(PoegHouseholdSimulation.ReadingOf(i, reading.MarketSlot), (reading.ProducedWh, reading.ConsumedWh));
        }

        var penalized = 0;
        var excludedOnPrice = 0;
        var underDeliverer = chain.Keys[PoegHouseholdSimulation.UnderDeliverer].Address;
        for (ulong slot = 2; slot <= LastSlot; slot++)
        {
            var clearing = MarketSettlement.Decode(chain.Chain.Store.GetBlock(parameters.SettlementHeightOf(slot))!.Header.ConsensusData.Span);
            var delivery = DeliverySettlement.Decode(chain.Chain.Store.GetBlock(parameters.DeliveryHeightOf(slot))!.Header.ConsensusData.Span);
            Assert.Equal(4, clearing.Participants.Count + clearing.Excluded.Count);
            excludedOnPrice += clearing.Excluded.Count(e => e.Reason == ExclusionReason.PriceLimits);

            // Every household in the market had its reading in before the settlement.
            Assert.All(delivery.Households, h => Assert.True(h.ReadingPresent, $"slot {slot}: a reading is missing"));
            var index = clearing.Participants.Select(p => p.Address).ToList().IndexOf(underDeliverer);
            if (index >= 0 && clearing.MemberTrades.Any(t => t.From == index))
            {
                // It sold to members and delivered nothing of it.
                Assert.Equal(0UL, delivery.Households[index].DeliveredWh);
                Assert.True(delivery.Households[index].PenaltyMicro > 0, $"slot {slot}: the under-deliverer was not penalized");
                penalized++;
            }

            // An honest seller falls short by its meter's deviation at most: 5 % of what it produced and consumed.
            for (var p = 0; p < clearing.Participants.Count; p++)
            {
                var order = clearing.Participants[p].Input;
                if (p != index)
                {
                    Assert.InRange(delivery.Households[p].ShortfallWh, 0UL, (ulong)(order.ProductionWh + order.ConsumptionWh) / 20);
                }
            }
        }

        Assert.True(penalized >= (int)(LastSlot - 1) / 2, $"the under-deliverer sold to members in only {penalized} of {LastSlot - 1} slots");
        Assert.True(excludedOnPrice >= 1, "no order was excluded for its price limits");
    }
}
