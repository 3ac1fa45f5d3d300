using System.Text.Json;
using EnergyChain.Consensus.Posoc;
using EnergyChain.Core.Transactions;
using EnergyChain.EvLearning;

namespace EnergyChain.Consensus.Tests.Posoc;

/// <summary>The posoc devnet's simulated EVs trading V2V: intents, delivery reports, the under-deliverer, the settlement line.</summary>
public sealed class PosocEvSimulationTests
{
    private const int Evs = 3;

    [Fact]
    public void The_under_deliverer_only_ever_offers_and_reports_a_quarter_less_of_what_it_sold()
    {
        var agent = new EvChainAgent(1);
        var policy = new EvChainAgent(1);
        var flipped = 0;
        for (ulong hour = 24; hour < 24 * 15; hour++)
        {
            var intent = PosocEvSimulation.IntentOf(agent, PosocEvSimulation.UnderDeliverer, hour, 1);
            var own = policy.IntentFor(hour / 24, (int)(hour % 24), 1);
            Assert.Equal(own is null, intent is null);
            if (intent is null || own is null)
            {
                continue;
            }

            Assert.Equal(V2vSide.Sell, intent.Side);
            Assert.Equal(own with { Side = V2vSide.Sell, PriceMicroPerWh = intent.PriceMicroPerWh }, intent);
            if (own.Side == V2vSide.Buy)
            {
                flipped++;
                Assert.True(intent.PriceMicroPerWh < own.PriceMicroPerWh);
            }
        }

        Assert.True(flipped > 0, "the policy never bid in two weeks, so the flip was not exercised");
        Assert.Equal(900UL, PosocEvSimulation.DeliveryOf(PosocEvSimulation.UnderDeliverer, seller: true, 1200));
        Assert.Equal(1200UL, PosocEvSimulation.DeliveryOf(PosocEvSimulation.UnderDeliverer, seller: false, 1200));
        Assert.Equal(1200UL, PosocEvSimulation.DeliveryOf(1, seller: true, 1200));
    }

    [Fact]
    public void Other_evs_post_their_policys_intent()
    {
        var agent = new EvChainAgent(2);
        var policy = new EvChainAgent(2);
        for (ulong hour = 24; hour < 24 * 4; hour++)
        {
            Assert.Equal(policy.IntentFor(hour / 24, (int)(hour % 24), 0), PosocEvSimulation.IntentOf(agent, 1, hour, 0));
        }
    }

    [Fact]
    public async Task Each_ev_posts_its_intent_reports_its_matched_trades_once_and_one_line_sums_up_the_settled_hour()
    {
        var nodes = Arrange(out var hour);
        var simulation = new PosocEvSimulation();

        for (var step = 0; step < 2; step++)
        {
            for (var i = 0; i < Evs; i++)
            {
                await simulation.StepAsync(nodes, i, CancellationToken.None);
            }
        }

        var (ev0, ev1, ev2) = (nodes.AddressOf(0), nodes.AddressOf(1), nodes.AddressOf(2));
        Assert.Equal(
            [
                .. Intents(0, hour),
                new V2vDeliveryPayload(hour, ev1, 900),
                .. Intents(1, hour),
                new V2vDeliveryPayload(hour, ev0, 1200),
                new V2vDeliveryPayload(hour, ev2, 400),
                .. Intents(2, hour),
                new V2vDeliveryPayload(hour, ev1, 400),
            ],
            nodes.Submitted.Where(s => s.Payload is V2vIntentPayload or V2vDeliveryPayload).Select(s => s.Payload));
        Assert.Equal(3, nodes.Submitted.Count(s => s.Payload is ModelUpdatePayload));
        Assert.Equal([$"V2V hour {hour - 2} settled: 2 trades, 3.0 kWh at 17 micro/Wh, EV0 short 0.2 kWh (penalties 1500 micro), 1 discrepancy"], nodes.Reports);
        Assert.Single(nodes.Requests, r => r == $"v1/v2v/{hour - 2}");
    }

    [Fact]
    public async Task A_nonce_refusal_is_retried_and_another_refusal_is_reported_once()
    {
        var nodes = Arrange(out var hour);
        var simulation = new PosocEvSimulation();
        nodes.Refusal = "nonce 3 is below the account's next nonce 4";
        await simulation.StepAsync(nodes, 1, CancellationToken.None);
        nodes.Refusal = "OutsideAvailability: hour is outside the window";
        await simulation.StepAsync(nodes, 1, CancellationToken.None);
        await simulation.StepAsync(nodes, 1, CancellationToken.None);

        var deliveries = nodes.Submitted.Where(s => s.Payload is V2vDeliveryPayload).ToList();
        Assert.Equal(3, deliveries.Count); // the first one twice (nonce), then both; nothing on the third step
        Assert.Contains($"EV 1's V2V delivery report for hour {hour} was refused: OutsideAvailability: hour is outside the window", nodes.Reports);
        Assert.Equal(2, nodes.Reports.Count(r => r.Contains("delivery report", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Without_sites_the_evs_only_report_and_train()
    {
        var nodes = Arrange(out var hour);
        nodes.Answers["v1/consensus"] = JsonSerializer.Serialize(new { posoc = new { hour, round = 0 } });

        await new PosocEvSimulation().StepAsync(nodes, 1, CancellationToken.None);

        Assert.DoesNotContain(nodes.Submitted, s => s.Payload is V2vIntentPayload or V2vDeliveryPayload);
        Assert.DoesNotContain(nodes.Requests, r => r.StartsWith("v1/v2v/", StringComparison.Ordinal));
    }

    [Fact]
    public void An_hour_without_trades_has_no_line()
    {
        using var view = JsonDocument.Parse("""{"hour":5,"trades":[]}""");
        Assert.Null(PosocEvSimulation.SettlementLine(view.RootElement, ["a"]));
    }

    /// <summary>
    /// Chain hour <paramref name="hour"/> (one in which EV 1 intends to trade in the next), matched: EV0 sells 1,200 Wh
    /// to EV1, EV2 400 Wh to EV1; hour - 2 settled with EV0 200 Wh short of the 1,000 Wh it sold EV2.
    /// </summary>
    private static ScriptedEvNodes Arrange(out ulong hour)
    {
        var nodes = new ScriptedEvNodes(Evs);
        var probe = new EvChainAgent(2);
        hour = Enumerable.Range(30, 24 * 10).Select(h => (ulong)h).First(h => probe.IntentFor((h + 1) / 24, (int)((h + 1) % 24), 1) is not null);
        var (ev0, ev1, ev2) = (nodes.AddressOf(0).ToString(), nodes.AddressOf(1).ToString(), nodes.AddressOf(2).ToString());
        nodes.Answers["v1/consensus"] = JsonSerializer.Serialize(new
        {
            posoc = new { hour, round = 0, sites = new[] { "depot", "mall" }, lastMatchedHour = hour, lastSettledHour = hour - 2 },
        });
        nodes.Answers["v1/model?weights=true"] = """{"openRound":0,"weights":null}""";
        nodes.Answers[$"v1/v2v/{hour}"] = JsonSerializer.Serialize(new
        {
            hour,
            state = "matched",
            trades = new[] { Trade(ev0, ev1, 1200, 15, null, 0, 0), Trade(ev2, ev1, 400, 17, null, 0, 0) },
        });
        nodes.Answers[$"v1/v2v/{hour - 2}"] = JsonSerializer.Serialize(new
        {
            hour = hour - 2,
            state = "settled",
            trades = new[] { Trade(ev0, ev2, 1000, 15, 800, 1500, 200), Trade(ev1, ev2, 2000, 18, 2000, 0, 0) },
        });
        return nodes;
    }

    /// <summary>EV <paramref name="index"/>'s intent for the hour after <paramref name="hour"/> (the devnet seeds EV i with i + 1), if any.</summary>
    private static IEnumerable<TxPayload> Intents(int index, ulong hour)
    {
        if (PosocEvSimulation.IntentOf(new EvChainAgent((ulong)index + 1), index, hour + 1, (uint)(index % 2)) is { } intent)
        {
            yield return intent;
        }
    }

    private static object Trade(string seller, string buyer, ulong wh, ulong price, ulong? confirmed, ulong penalty, ulong discrepancy) => new
    {
        seller,
        buyer,
        site = 0,
        energyWh = wh,
        priceMicroPerWh = price,
        confirmedWh = confirmed,
        penaltyMicro = penalty,
        discrepancyWh = discrepancy,
    };
}
