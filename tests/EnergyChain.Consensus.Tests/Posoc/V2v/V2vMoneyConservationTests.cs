using EnergyChain.Consensus.Posoc;
using EnergyChain.Consensus.Posoc.V2v;
using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Transactions;
using static EnergyChain.Consensus.Tests.Posoc.V2v.V2vSteps;

namespace EnergyChain.Consensus.Tests.Posoc.V2v;

/// <summary>
/// Seeded hours of random intents and readings (full, short, over, missing, disagreeing) with one EV too poor to
/// pay for everything it bids: after every block the money supply is what genesis made, the escrow holds exactly
/// the matched and unsettled hours' payments, and each settled trade pays out exactly its escrow.
/// </summary>
public sealed class V2vMoneyConservationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_micro_unit_is_accounted_for_through_matching_delivery_and_settlement(int seed)
    {
        var random = new Random(seed);
        var chain = TwoSites(contracts: seed % 2 == 0);
        var poor = chain.Keys[3];
        Post(chain, (poor, new TransferPayload(chain.Outsider.Address, PosocChain.Balance - 150_000)));
        var supply = MoneySupply.Of(chain.Chain);
        var parameters = chain.Engine.Parameters;
        const ulong Hours = 16;
        ulong settledTrades = 0, penalized = 0, excluded = 0;
        for (ulong hour = 0; hour <= Hours + PosocParameters.SettlementDelayHours; hour++)
        {
            while (chain.NextHeight < parameters.HourStartHeight(hour + 1))
            {
                var opening = parameters.IsHourStart(chain.NextHeight);
                chain.Produce();
                Assert.Equal(supply, MoneySupply.Of(chain.Chain));
                Assert.Equal(Unsettled(chain, hour), chain.Chain.GetAccount(SystemAddresses.MarketEscrow).Balance);
                if (!opening)
                {
                    continue;
                }

                if (hour < Hours)
                {
                    foreach (var key in chain.Keys)
                    {
                        if (random.Next(5) > 0)
                        {
                            // Sellers ask 5..150, buyers bid 50..300, mostly at the first site; the poor EV always bids.
                            var sell = key != poor && random.Next(2) == 0;
                            var price = sell ? random.Next(5, 150) : random.Next(50, 300);
                            var site = random.Next(4) == 0 ? 1U : 0U;
                            Post(chain, (key, new V2vIntentPayload(hour + 1, sell ? V2vSide.Sell : V2vSide.Buy, (ulong)random.Next(500, 5_000), (ulong)price, site, hour + 1, hour + 2)));
                        }
                    }
                }

                if (V2vLedger.Matching(chain.Chain, hour) is { } matching)
                {
                    excluded += (ulong)matching.Orders.Count(o => o.ExcludedForFunds);
                    foreach (var trade in matching.Trades)
                    {
                        var (seller, buyer) = (matching.Orders[trade.Seller].Ev, matching.Orders[trade.Buyer].Ev);
                        foreach (var (from, to) in new[] { (seller, buyer), (buyer, seller) })
                        {
                            var reading = random.Next(4) switch
                            {
                                0 => (ulong?)null,
                                1 => trade.EnergyWh,
                                2 => (ulong)random.Next(0, (int)trade.EnergyWh),
                                _ => trade.EnergyWh + (ulong)random.Next(1, 500),
                            };
                            if (reading is { } wh)
                            {
                                Post(chain, (chain.Keys.Single(k => k.Address == from), new V2vDeliveryPayload(hour, to, wh)));
                            }
                        }
                    }
                }

                if (hour >= PosocParameters.SettlementDelayHours
                    && V2vLedger.Matching(chain.Chain, hour - PosocParameters.SettlementDelayHours) is { } settledMatching)
                {
                    var settlement = V2vLedger.Settlement(chain.Chain, settledMatching.Hour)!;
                    for (var t = 0; t < settledMatching.Trades.Count; t++)
                    {
                        var s = settlement.Trades[t];
                        Assert.Equal(settledMatching.Trades[t].EscrowMicro, s.PaidMicro + s.RefundMicro);
                        Assert.True(s.ConfirmedWh <= settledMatching.Trades[t].EnergyWh);
                        penalized += s.PenaltyPaidMicro > 0 ? 1UL : 0;
                    }

                    settledTrades += (ulong)settledMatching.Trades.Count;
                }
            }
        }

        Assert.Equal(0UL, chain.Chain.GetAccount(SystemAddresses.MarketEscrow).Balance);
        Assert.True(settledTrades >= 6, $"only {settledTrades} trades settled: the seed exercises too little");
        Assert.True(penalized > 0, "no seller was penalized");
        Assert.True(excluded > 0, "the poor EV was never left out");
    }

    /// <summary>What the escrow must hold once the head is in <paramref name="hour"/>: the payments of matched hours not yet settled.</summary>
    private static ulong Unsettled(PosocChain chain, ulong hour)
    {
        ulong total = 0;
        for (var h = hour >= PosocParameters.SettlementDelayHours ? hour - PosocParameters.SettlementDelayHours : 0; h <= hour; h++)
        {
            if (V2vLedger.Matching(chain.Chain, h) is { } matching && V2vLedger.Settlement(chain.Chain, h) is null)
            {
                total += matching.Trades.Aggregate(0UL, (sum, t) => sum + t.EscrowMicro);
            }
        }

        return total;
    }
}
