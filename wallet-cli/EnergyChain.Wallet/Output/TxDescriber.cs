using System.Text.Json;
using EnergyChain.Core.Transactions;
using EnergyChain.Wallet.Api;

namespace EnergyChain.Wallet.Output;

/// <summary>Human text for the node's transaction JSON (<c>{"type","payload":{...}}</c>, docs/api.md).</summary>
internal static class TxDescriber
{
    /// <summary>One line for a payload, e.g. "1.5 EC to ec…" or "SOC 80% (max 100%), charged 0 Wh, ...".</summary>
    public static string Payload(string type, JsonElement payload) => type switch
    {
        "Transfer" => $"{Amount(payload)} to {NodeViews.Text(payload, "to")}",
        "Stake" or "Unstake" => Amount(payload),
        "EnergyReport" => $"{Slot(payload)}: production {Wh(payload, "productionWh")}, consumption {Wh(payload, "consumptionWh")}"
            + Limits(NodeViews.OptionalUInt(payload, "minSellMicroPerWh"), NodeViews.OptionalUInt(payload, "maxBuyMicroPerWh")),
        "MeterReading" =>
            $"slot {NodeViews.Text(payload, "marketSlot")} of {NodeViews.Text(payload, "household")}: produced {Wh(payload, "producedWh")}, consumed {Wh(payload, "consumedWh")}",
        "EvReport" => Ev(payload),
        "V2vIntent" =>
            $"{NodeViews.Text(payload, "side")} {Wh(payload, "energyWh")} in hour {NodeViews.Text(payload, "hour")} at site {NodeViews.Text(payload, "site")}, limit {NodeViews.Text(payload, "priceMicroPerWh")} micro/Wh",
        "V2vDelivery" => $"hour {NodeViews.Text(payload, "hour")} with {NodeViews.Text(payload, "counterparty")}: {Wh(payload, "energyWh")}",
        "MemberJoin" =>
            $"'{NodeViews.Text(payload, "name")}' as {NodeViews.Text(payload, "role")} at '{NodeViews.Text(payload, "location")}', deposit {(NodeViews.OptionalUInt(payload, "deposit") is { } deposit ? Units.Ec(deposit) : "?")}",
        "MemberVote" => $"{NodeViews.Text(payload, "vote")} {NodeViews.Text(payload, "subject")}",
        "MemberLeave" => string.Empty,
        "MemberEvict" => $"{NodeViews.Text(payload, "subject")}: {NodeViews.Text(payload, "reason")}",
        _ => payload.ValueKind == JsonValueKind.Undefined ? string.Empty : payload.GetRawText(),
    };

    /// <summary>
    /// The one-line summary of a transaction JSON object: "Transfer 1.5 EC to ec…". A block read over gRPC carries the
    /// summary already (<see cref="GrpcNodeClient.GetBlockAsync"/>).
    /// </summary>
    public static string Summary(JsonElement tx)
    {
        if (NodeViews.OptionalString(tx, "summary") is { } summary)
        {
            return summary;
        }

        var type = NodeViews.Text(tx, "type");
        var payload = NodeViews.Find(tx, "payload") ?? default;
        var details = Payload(type, payload);
        return details.Length == 0 ? type : $"{type} {details}";
    }

    /// <summary>The same one-line summary for a payload the wallet built itself.</summary>
    public static string Summary(TxPayload payload) => payload switch
    {
        TransferPayload t => $"Transfer {Units.Ec(t.Amount)} to {t.To}",
        StakePayload s => $"Stake {Units.Ec(s.Amount)}",
        UnstakePayload u => $"Unstake {Units.Ec(u.Amount)}",
        EnergyReportPayload e =>
            $"EnergyReport {(e.MarketSlot == 0 ? "next slot" : $"slot {e.MarketSlot}")}: production {e.ProductionWh} Wh, consumption {e.ConsumptionWh} Wh{Limits(e.MinSellMicroPerWh, e.MaxBuyMicroPerWh)}",
        MeterReadingPayload r => $"MeterReading slot {r.MarketSlot} of {r.Household}: produced {r.ProducedWh} Wh, consumed {r.ConsumedWh} Wh",
        V2vIntentPayload i =>
            $"V2vIntent {(i.Side == V2vSide.Sell ? "sell" : "buy")} {i.EnergyWh} Wh in hour {i.Hour} at site {i.Site}, limit {i.PriceMicroPerWh} micro/Wh, parked hours {i.AvailableFromHour}-{i.AvailableUntilHour}",
        V2vDeliveryPayload d => $"V2vDelivery hour {d.Hour} with {d.Counterparty}: {d.EnergyWh} Wh",
        GridRegistrationPayload g => $"GridRegistration at ({g.XMetres} m, {g.YMetres} m)",
        ModelUpdatePayload m => $"ModelUpdate round {m.Round}: {m.Weights.Length} weights, {m.SampleCount} samples, shape {m.ShapeId:x8}",
        EvReportPayload v =>
            $"EvReport SOC {Units.Percent(v.SocPpm)} (max {Units.Percent(v.MaxSocPpm)}), charged {v.ChargedWh} Wh, discharged {v.DischargedWh} Wh{(v.Departing ? ", departing" : string.Empty)}",
        ContractDeployPayload d => $"ContractDeploy {d.Code.Length} bytes, {d.InitArgs.Count} constructor args, gas {d.GasLimit}",
        ContractCallPayload c => $"ContractCall {c.Contract} f{c.Function} ({c.Args.Count} args), value {Units.Ec(c.Value)}, gas {c.GasLimit}",
        MemberJoinPayload j =>
            $"MemberJoin '{j.Name}' as {(j.Role == Core.Membership.MemberRole.Ev ? "ev" : "household")} at '{j.Location}', deposit {Units.Ec(j.Deposit)}{(j.Meter is { } meter ? $", meter {meter}" : string.Empty)}",
        MemberVotePayload v => $"MemberVote {(v.Approve ? "approve" : "reject")} {v.Subject}",
        MemberLeavePayload => "MemberLeave",
        MemberEvictPayload e => $"MemberEvict {e.Subject}: {e.Reason}",
        _ => payload.Type.ToString(),
    };

    /// <summary>Label/value lines for a transaction JSON object.</summary>
    public static List<(string Label, string Value)> Fields(JsonElement tx)
    {
        var fields = new List<(string, string)>
        {
            ("type", NodeViews.Text(tx, "type")),
            ("from", NodeViews.Text(tx, "from")),
            ("nonce", NodeViews.Text(tx, "nonce")),
            ("fee", NodeViews.OptionalUInt(tx, "fee") is { } fee ? Units.EcWithMicro(fee) : "-"),
        };
        if (NodeViews.Find(tx, "payload") is { ValueKind: JsonValueKind.Object } payload)
        {
            fields.Add(("payload", Payload(NodeViews.Text(tx, "type"), payload)));
        }

        return fields;
    }

    private static string Amount(JsonElement payload) =>
        NodeViews.OptionalUInt(payload, "amount") is { } amount ? Units.Ec(amount) : "?";

    private static string Limits(ulong? minSell, ulong? maxBuy) =>
        (minSell is { } sell ? $", min sell {Units.Price(sell)}" : string.Empty)
        + (maxBuy is { } buy ? $", max buy {Units.Price(buy)}" : string.Empty);

    private static string Wh(JsonElement payload, string name) => $"{NodeViews.Text(payload, name)} Wh";

    private static string Slot(JsonElement payload) => NodeViews.OptionalUInt(payload, "marketSlot") switch
    {
        0 => "next slot",
        { } slot => $"slot {slot}",
        null => "slot ?",
    };

    private static string Ev(JsonElement payload)
    {
        string Ppm(string name) => NodeViews.OptionalUInt(payload, name) is { } v ? Units.Percent(v) : "?";
        var departing = NodeViews.Find(payload, "departing") is { ValueKind: JsonValueKind.True } ? ", departing" : string.Empty;
        return $"SOC {Ppm("socPpm")} (max {Ppm("maxSocPpm")}), charged {Wh(payload, "chargedWh")}, discharged {Wh(payload, "dischargedWh")}{departing}";
    }
}
