using System.Globalization;
using System.Text.Json;
using EnergyChain.Wallet.Api;

namespace EnergyChain.Wallet.Output;

/// <summary>
/// The text of <c>ecw ev trades</c>: one row per V2V trade of <c>GET /v1/v2v/ev/{address}</c>, newest as the node
/// lists them, then the node's totals. The totals are the node's, not summed here, so they also count trades of
/// hours the table leaves out and never disagree with what the chain paid.
/// </summary>
internal static class V2vTradesDescriber
{
    public static readonly string[] Headers = ["HOUR", "SIDE", "COUNTERPARTY", "SITE", "ENERGY", "PRICE", "CONFIRMED", "AMOUNT", "STATE"];

    public static void Write(WalletOutput output, JsonElement view, int hours)
    {
        var ev = NodeViews.Text(view, "ev");
        var trades = NodeViews.Find(view, "trades") is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().ToList() : [];
        if (trades.Count == 0)
        {
            output.WriteLine($"{ev} made no V2V trade in the last {hours.ToString(CultureInfo.InvariantCulture)} hours");
            return;
        }

        var table = new TextTable(Headers);
        foreach (var trade in trades)
        {
            table.Add(Cells(trade));
        }

        output.WriteTable(table);
        output.WriteLine(string.Empty);
        var totals = NodeViews.Find(view, "totals") ?? default;
        output.WriteFields(
            ("trades", $"{trades.Count.ToString(CultureInfo.InvariantCulture)} in the last {hours.ToString(CultureInfo.InvariantCulture)} hours"),
            ("sold", $"{Units.Energy(UInt(totals, "soldWh"))} for {Units.Ec(UInt(totals, "revenueMicro"))}"),
            ("bought", $"{Units.Energy(UInt(totals, "boughtWh"))} for {Units.Ec(UInt(totals, "spentMicro"))}"),
            ("penalties", Units.Ec(UInt(totals, "penaltiesMicro"))),
            ("discrepancies", $"{UInt(totals, "discrepancies").ToString(CultureInfo.InvariantCulture)} ({Units.Energy(UInt(totals, "discrepancyWh"))})"),
            ("profit", Units.SignedEc(NodeViews.OptionalInt(totals, "profitMicro") ?? 0)));
    }

    /// <summary>
    /// CONFIRMED is "-" until the hour is settled (the energy the chain paid for is not known before), and STATE
    /// says "matched" or "settled".
    /// </summary>
    public static string[] Cells(JsonElement trade) =>
    [
        NodeViews.Text(trade, "hour"),
        NodeViews.Text(trade, "side"),
        NodeViews.Text(trade, "counterparty"),
        NodeViews.Text(trade, "site"),
        Units.Energy(UInt(trade, "energyWh")),
        Units.Price(UInt(trade, "priceMicroPerWh")),
        NodeViews.OptionalUInt(trade, "confirmedWh") is { } confirmed ? Units.Energy(confirmed) : "-",
        Units.SignedEc(NodeViews.OptionalInt(trade, "amountMicro") ?? 0),
        NodeViews.Find(trade, "settled") is { ValueKind: JsonValueKind.True } ? "settled" : "matched",
    ];

    private static ulong UInt(JsonElement json, string name) => NodeViews.OptionalUInt(json, name) ?? 0;
}
