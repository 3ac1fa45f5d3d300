using System.Text.Json;
using EnergyChain.Rpc.V1;

namespace EnergyChain.Node.Grpc;

/// <summary>
/// A market view of the HTTP API (<c>/v1/market/{slot}</c>, <c>/v1/v2v/{hour}</c>) as a gRPC <see cref="MarketEvent"/>.
/// Read from the JSON the route serves, so both APIs show the same figures.
/// </summary>
internal static class MarketEvents
{
    public static MarketEvent Cleared(MarketFeed feed, ulong slot, JsonElement view)
    {
        var evt = Common(feed.ClearedKind, slot, UInt(view, feed.ClearHeightField), view);
        return evt;
    }

    public static MarketEvent Settled(MarketFeed feed, ulong slot, JsonElement view)
    {
        var evt = Common(feed.SettledKind, slot, UInt(view, feed.SettleHeightField), view);

        // poeg's view has its slot totals; posoc's is summed from its trades (confirmed energy, payments, penalties).
        if (view.TryGetProperty("totals", out var totals) && totals.ValueKind == JsonValueKind.Object)
        {
            evt.DeliveredWh = UInt(totals, "deliveredWh");
            evt.MovedMicro = UInt(totals, "movedMicro");
            evt.PenaltiesMicro = UInt(totals, "penaltiesMicro");
        }
        else
        {
            foreach (var trade in Trades(view))
            {
                evt.DeliveredWh += UInt(trade, "confirmedWh");
                evt.MovedMicro += UInt(trade, "paidMicro") + UInt(trade, "penaltyPaidMicro");
                evt.PenaltiesMicro += UInt(trade, "penaltyPaidMicro");
            }
        }

        return evt;
    }

    private static MarketEvent Common(MarketEventKind kind, ulong slot, ulong height, JsonElement view)
    {
        var evt = new MarketEvent { Kind = kind, Slot = slot, Height = height };

        // Coalitions for the household market; for V2V, the charging sites that cleared.
        evt.Coalitions = (uint)(Array(view, "coalitions") ?? Array(view, "sites") ?? 0);
        foreach (var trade in Trades(view))
        {
            var t = new MarketTrade
            {
                Seller = Text(trade, "seller"),
                Buyer = Text(trade, "buyer"),
                EnergyWh = UInt(trade, "energyWh"),
                PriceMicroPerWh = UInt(trade, "priceMicroPerWh"),
                PaymentMicro = trade.TryGetProperty("paymentMicro", out _) ? UInt(trade, "paymentMicro") : UInt(trade, "escrowMicro"),
            };
            if ((OptionalUInt(trade, "deliveredWh") ?? OptionalUInt(trade, "confirmedWh")) is { } delivered)
            {
                t.DeliveredWh = delivered;
            }

            evt.Trades.Add(t);
            evt.TradedWh += t.EnergyWh;
        }

        return evt;
    }

    private static IEnumerable<JsonElement> Trades(JsonElement view) =>
        view.TryGetProperty("trades", out var trades) && trades.ValueKind == JsonValueKind.Array ? trades.EnumerateArray() : [];

    private static int? Array(JsonElement view, string name) =>
        view.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : null;

    private static string Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    public static ulong UInt(JsonElement json, string name) => OptionalUInt(json, name) ?? 0;

    private static ulong? OptionalUInt(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var number) ? number : null;
}
