using System.Globalization;
using System.Text.Json;
using EnergyChain.Wallet.Api;

namespace EnergyChain.Wallet.Output;

/// <summary>
/// One row of <c>ecw market history</c>: a household's slot from <c>GET /v1/market/{slot}/{address}</c> reduced to
/// energy sold, bought and delivered and the money that moved. A field the node leaves out counts as zero.
/// </summary>
internal sealed record MarketSlotSummary(
    ulong Slot,
    string Phase,
    string Coalition,
    ulong SoldWh,
    ulong BoughtWh,
    ulong? DeliveredWh,
    ulong PaidMicro,
    ulong ReceivedMicro,
    ulong RewardMicro,
    bool RewardWithheld,
    ulong PenaltyMicro,
    long NetMicro)
{
    public static readonly string[] Headers =
        ["SLOT", "PHASE", "COALITION", "SOLD", "BOUGHT", "DELIVERED", "PAID", "RECEIVED", "REWARD", "PENALTY", "NET"];

    public static MarketSlotSummary From(JsonElement view)
    {
        ulong sold = 0, bought = 0;
        ulong? delivered = null;
        if (NodeViews.Find(view, "trades") is { ValueKind: JsonValueKind.Array } trades)
        {
            foreach (var trade in trades.EnumerateArray())
            {
                var energy = NodeViews.OptionalUInt(trade, "energyWh") ?? 0;
                if (NodeViews.OptionalString(trade, "side") == "sell")
                {
                    sold = checked(sold + energy);
                }
                else
                {
                    bought = checked(bought + energy);
                }

                // Null until the meter readings are in: "-" says "not known yet" rather than "nothing delivered".
                if (NodeViews.OptionalUInt(trade, "deliveredWh") is { } wh)
                {
                    delivered = checked((delivered ?? 0) + wh);
                }
            }
        }

        return new MarketSlotSummary(
            NodeViews.OptionalUInt(view, "slot") ?? 0,
            NodeViews.Text(view, "phase"),
            Participation(view),
            sold,
            bought,
            delivered,
            Micro(view, "paidMicro"),
            Micro(view, "receivedMicro"),
            Micro(view, "rewardMicro"),
            NodeViews.Find(view, "rewardWithheld") is { ValueKind: JsonValueKind.True },
            Micro(view, "penaltyMicro"),
            NodeViews.OptionalInt(view, "netMicro") ?? 0);
    }

    /// <summary>"#0" (with "miner" for the slot's miner coalition), "excluded (funds)", or "-" for neither.</summary>
    public static string Participation(JsonElement view)
    {
        if (NodeViews.Find(view, "excluded") is { ValueKind: JsonValueKind.Object } excluded)
        {
            return $"excluded ({NodeViews.Text(excluded, "reason")})";
        }

        if (NodeViews.Find(view, "coalition") is { ValueKind: JsonValueKind.Object } coalition)
        {
            var miner = NodeViews.Find(coalition, "miner") is { ValueKind: JsonValueKind.True } ? " miner" : string.Empty;
            return $"#{NodeViews.Text(coalition, "index")}{miner}";
        }

        return "-";
    }

    public string[] Cells() =>
    [
        Slot.ToString(CultureInfo.InvariantCulture),
        Phase,
        Coalition,
        Units.Energy(SoldWh),
        Units.Energy(BoughtWh),
        DeliveredWh is { } delivered ? Units.Energy(delivered) : "-",
        Units.Ec(PaidMicro),
        Units.Ec(ReceivedMicro),
        RewardWithheld ? $"{Units.Ec(RewardMicro)} withheld" : Units.Ec(RewardMicro),
        Units.Ec(PenaltyMicro),
        Units.SignedEc(NetMicro),
    ];

    private static ulong Micro(JsonElement view, string name) => NodeViews.OptionalUInt(view, name) ?? 0;
}
