using System.Globalization;
using System.Text.Json;
using EnergyChain.Wallet.Api;

namespace EnergyChain.Wallet.Output;

/// <summary>
/// Human text for one household's slot, <c>GET /v1/market/{slot}/{address}</c>: its order and how the market
/// treated it, its trades as a table, then the settlement. A field the node leaves out shows as "-", so a node
/// ahead of or behind this wallet still gets readable output.
/// </summary>
internal static class MarketDescriber
{
    public static void Write(WalletOutput output, JsonElement view)
    {
        output.WriteFields(Order(view));
        output.WriteLine(string.Empty);
        var trades = Trades(view);
        if (trades.Count == 0)
        {
            output.WriteLine("no trades");
        }
        else
        {
            output.WriteTable(trades);
        }

        output.WriteLine(string.Empty);
        output.WriteFields(Settlement(view));
    }

    private static List<(string Label, string Value)> Order(JsonElement view)
    {
        var forecast = NodeViews.Find(view, "forecast") is { ValueKind: JsonValueKind.Object } f ? f : (JsonElement?)null;
        var fields = new List<(string, string)>
        {
            ("slot", $"{NodeViews.Text(view, "slot")} ({NodeViews.Text(view, "phase")})"),
            ("household", NodeViews.Text(view, "address")),
            ("forecast", forecast is { } order
                ? $"production {Energy(order, "productionWh")}, consumption {Energy(order, "consumptionWh")}"
                : "-"),
            ("limits", forecast is { } limits
                ? $"min sell {Limit(limits, "minSellMicroPerWh")}, max buy {Limit(limits, "maxBuyMicroPerWh")}"
                : "-"),
        };

        if (NodeViews.Find(view, "excluded") is { ValueKind: JsonValueKind.Object } excluded)
        {
            var detail = NodeViews.OptionalString(excluded, "detail");
            fields.Add(("excluded", string.IsNullOrEmpty(detail)
                ? NodeViews.Text(excluded, "reason")
                : $"{NodeViews.Text(excluded, "reason")}: {detail}"));
        }
        else if (NodeViews.Find(view, "coalition") is { ValueKind: JsonValueKind.Object } coalition)
        {
            var members = NodeViews.Find(coalition, "members") is { ValueKind: JsonValueKind.Array } list ? list.GetArrayLength().ToString(CultureInfo.InvariantCulture) : "?";
            var miner = NodeViews.Find(coalition, "miner") is { ValueKind: JsonValueKind.True } ? "yes" : "no";
            fields.Add(("coalition", $"#{NodeViews.Text(coalition, "index")}: {members} members, price {Price(coalition, "priceMicroPerWh")}, miner {miner}"));
        }
        else
        {
            fields.Add(("coalition", "none"));
        }

        fields.Add(("score", $"{NodeViews.Text(view, "score")} (alone {NodeViews.Text(view, "singletonScore")})"));
        fields.Add(("grid loss", $"{Energy(view, "lossInCoalitionWh")} in the coalition, {Energy(view, "lossAloneWh")} alone, {Energy(view, "savedWh")} saved"));
        return fields;
    }

    private static TextTable Trades(JsonElement view)
    {
        var table = new TextTable("SIDE", "COUNTERPARTY", "ENERGY", "PRICE", "PAYMENT", "DELIVERED");
        if (NodeViews.Find(view, "trades") is { ValueKind: JsonValueKind.Array } trades)
        {
            foreach (var trade in trades.EnumerateArray())
            {
                table.Add(
                    NodeViews.Text(trade, "side"),
                    Short(NodeViews.Text(trade, "counterparty")),
                    Energy(trade, "energyWh"),
                    NodeViews.OptionalUInt(trade, "priceMicroPerWh") is { } price ? Units.Price(price) : "-",
                    Money(trade, "paymentMicro"),
                    Energy(trade, "deliveredWh"));
            }
        }

        return table;
    }

    private static List<(string Label, string Value)> Settlement(JsonElement view)
    {
        var withheld = NodeViews.Find(view, "rewardWithheld") is { ValueKind: JsonValueKind.True } ? " (withheld)" : string.Empty;
        return
        [
            ("reading", Reading(view)),
            ("escrow", Money(view, "escrowMicro")),
            ("paid", Money(view, "paidMicro")),
            ("refunded", Money(view, "refundedMicro")),
            ("received", Money(view, "receivedMicro")),
            ("shortfall", $"{Energy(view, "shortfallWh")}, EDC charge {Money(view, "edcChargeMicro")} ({Money(view, "edcChargePaidMicro")} paid)"),
            ("penalty", Money(view, "penaltyMicro")),
            ("contribution", $"{Money(view, "contributionMicro")} (mining fee from savings)"),
            ("reward", Money(view, "rewardMicro") + withheld),
            ("payoff x_i", SignedMoney(view, "payoffMicro")),
            ("net", SignedMoney(view, "netMicro")),
        ];
    }

    private static string Reading(JsonElement view)
    {
        if (NodeViews.Find(view, "reading") is not { ValueKind: JsonValueKind.Object } reading)
        {
            return "none yet";
        }

        return NodeViews.Find(reading, "missing") is { ValueKind: JsonValueKind.True }
            ? "missing (the meter did not report)"
            : $"produced {Energy(reading, "producedWh")}, consumed {Energy(reading, "consumedWh")}";
    }

    /// <summary>"ec12ab34…cd56": enough to tell households apart in a table; "EDC" (the grid operator) stays.</summary>
    private static string Short(string party) => party.Length > 16 ? $"{party[..8]}…{party[^4..]}" : party;

    private static string Energy(JsonElement json, string name) =>
        NodeViews.OptionalUInt(json, name) is { } wh ? Units.Energy(wh) : "-";

    private static string Price(JsonElement json, string name) =>
        NodeViews.OptionalUInt(json, name) is { } price ? Units.PriceWithMicro(price) : "-";

    /// <summary>A limit the household left out is the engine's default (the EDC's tariff).</summary>
    private static string Limit(JsonElement json, string name) =>
        NodeViews.OptionalUInt(json, name) is { } price ? Units.PriceWithMicro(price) : "default";

    private static string Money(JsonElement json, string name) =>
        NodeViews.OptionalUInt(json, name) is { } micro ? Units.Ec(micro) : "-";

    private static string SignedMoney(JsonElement json, string name) =>
        NodeViews.OptionalInt(json, name) is { } micro ? Units.SignedEc(micro) : "-";
}
