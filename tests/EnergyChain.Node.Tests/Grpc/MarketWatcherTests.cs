using EnergyChain.Consensus.Engine;
using EnergyChain.Node.Grpc;
using EnergyChain.Node.Hosting;
using EnergyChain.Rpc.V1;

namespace EnergyChain.Node.Tests.Grpc;

/// <summary>
/// SubscribeMarket's reading of the engines' market views, against route handlers that answer in the shapes of
/// <c>/v1/market/{slot}</c> (poeg) and <c>/v1/v2v/{hour}</c> (posoc): slot s clears at height 10(s+1) and settles
/// at 10(s+3).
/// </summary>
public sealed class MarketWatcherTests
{
    private static readonly MarketFeed Poeg = NodeEngines.MarketFeedOf("poeg")!;
    private static readonly MarketFeed Posoc = NodeEngines.MarketFeedOf("posoc")!;

    [Fact]
    public void Only_the_market_engines_have_a_feed()
    {
        Assert.Null(NodeEngines.MarketFeedOf("single"));
        Assert.Null(NodeEngines.MarketFeedOf("pos"));
        Assert.Equal("/v1/market/{slot}", Poeg.Path);
        Assert.Equal("/v1/v2v/{hour}", Posoc.Path);
    }

    [Fact]
    public void Poeg_slots_are_reported_once_when_cleared_and_once_when_settled_from_subscription_on()
    {
        ulong head = 35;
        var watcher = MarketWatcher.StartingNow(Poeg, q => PoegSlot(ulong.Parse(q["slot"]!, System.Globalization.CultureInfo.InvariantCulture), head), head);
        Assert.Empty(watcher.Advance(head)); // slots 0-2 cleared and slot 0 settled before the subscription

        head = 45;
        var events = watcher.Advance(head).ToList();
        Assert.Equal(2, events.Count);
        var cleared = events[0];
        Assert.Equal(MarketEventKind.SlotCleared, cleared.Kind);
        Assert.Equal(3UL, cleared.Slot);
        Assert.Equal(40UL, cleared.Height);
        Assert.Equal(2U, cleared.Coalitions);
        Assert.Equal(1_500UL, cleared.TradedWh);
        Assert.Equal(("alice", "bob", 1_000UL, 20UL, 20_000UL, false), Trade(cleared.Trades[0]));

        var settled = events[1];
        Assert.Equal(MarketEventKind.SlotSettled, settled.Kind);
        Assert.Equal(1UL, settled.Slot);
        Assert.Equal(40UL, settled.Height);
        Assert.Equal(900UL, settled.Trades[0].DeliveredWh);
        Assert.Equal((1_400UL, 30_000UL, 700UL), (settled.DeliveredWh, settled.MovedMicro, settled.PenaltiesMicro));

        Assert.Empty(watcher.Advance(head));
    }

    [Fact]
    public void V2v_hours_without_a_matching_are_skipped()
    {
        ulong head = 15;
        var watcher = MarketWatcher.StartingNow(Posoc, q => PosocHour(ulong.Parse(q["hour"]!, System.Globalization.CultureInfo.InvariantCulture), head), head);
        head = 60;
        var events = watcher.Advance(head).Select(e => (e.Kind, e.Slot)).ToList();

        // Hour 2 had no intents: it stays open and is neither matched nor settled.
        Assert.Equal(
            new[]
            {
                (MarketEventKind.V2VMatched, 1UL), (MarketEventKind.V2VMatched, 3UL), (MarketEventKind.V2VMatched, 4UL),
                (MarketEventKind.V2VMatched, 5UL), (MarketEventKind.V2VSettled, 0UL), (MarketEventKind.V2VSettled, 1UL),
                (MarketEventKind.V2VSettled, 3UL),
            },
            events);

        var settled = MarketEvents.Settled(Posoc, 1, System.Text.Json.JsonSerializer.SerializeToElement(PosocHour(1, head).Body, System.Text.Json.JsonSerializerOptions.Web));
        Assert.Equal(1U, settled.Coalitions); // one site
        Assert.Equal(5_000UL, settled.Trades[0].PaymentMicro); // the escrow
        Assert.Equal(480UL, settled.DeliveredWh);
        Assert.Equal(4_800UL + 100UL, settled.MovedMicro);
        Assert.Equal(100UL, settled.PenaltiesMicro);
    }

    private static (string, string, ulong, ulong, ulong, bool) Trade(MarketTrade t) =>
        (t.Seller, t.Buyer, t.EnergyWh, t.PriceMicroPerWh, t.PaymentMicro, t.HasDeliveredWh);

    private static EngineResponse PoegSlot(ulong slot, ulong head)
    {
        ulong clearing = 10 * (slot + 1), settlement = 10 * (slot + 3);
        if (clearing > head)
        {
            return EngineResponse.NotFound($"market slot {slot} clears at height {clearing}");
        }

        var settled = settlement <= head;
        return EngineResponse.Ok(new
        {
            slot,
            phase = settled ? "settled" : "trading",
            clearingHeight = clearing,
            settlementHeight = settlement,
            coalitions = new object[] { new { index = 0 }, new { index = 1 } },
            trades = new object[]
            {
                new { seller = "alice", buyer = "bob", energyWh = 1_000, lossWh = 0, priceMicroPerWh = 20, paymentMicro = 20_000, deliveredWh = settled ? 900 : (int?)null },
                new { seller = "EDC", buyer = "carol", energyWh = 500, lossWh = 0, priceMicroPerWh = 30, paymentMicro = 15_000, deliveredWh = (int?)null },
            },
            totals = new { deliveredWh = settled ? 1_400 : 0, movedMicro = settled ? 30_000 : 0, penaltiesMicro = settled ? 700 : 0 },
        });
    }

    private static EngineResponse PosocHour(ulong hour, ulong head)
    {
        ulong match = 10 * (hour + 1), settlement = 10 * (hour + 3);
        var traded = hour != 2;
        var state = !traded || match > head ? "open" : settlement <= head ? "settled" : "matched";
        return EngineResponse.Ok(new
        {
            hour,
            state,
            matchHeight = match,
            settlementHeight = settlement,
            sites = state == "open" ? [] : new object[] { new { site = 0 } },
            trades = state == "open" ? [] : new object[]
            {
                new { seller = "ev1", buyer = "ev2", energyWh = 500, priceMicroPerWh = 10, escrowMicro = 5_000, confirmedWh = state == "settled" ? 480 : (int?)null, paidMicro = 4_800, penaltyPaidMicro = 100 },
            },
        });
    }
}
