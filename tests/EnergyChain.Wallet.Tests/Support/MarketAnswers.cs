using System.Text.Json;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Wallet.Tests.Support;

/// <summary>
/// Canned answers of the node's market API (<c>GET /v1/consensus</c>'s poeg part and
/// <c>GET /v1/market/{slot}/{address}</c>) in the shape of the wallet's API contract.
/// </summary>
internal static class MarketAnswers
{
    public static string Consensus(ulong? cleared, ulong? settled) => JsonSerializer.Serialize(new
    {
        engine = "poeg",
        height = 40,
        slot = 41,
        poeg = new { marketSlot = (cleared ?? 0) + 1, clearedSlot = cleared, settledSlot = settled, marketSlotBlocks = 4 },
    });

    public static string ConsensusWithoutMarket() => JsonSerializer.Serialize(new { engine = "single", height = 40, slot = 41, poeg = (object?)null });

    /// <summary>
    /// Slot 11, settled: a miner-coalition seller that delivered 300 Wh less than it sold, so the EDC made up the
    /// shortfall, charged it and a penalty was taken.
    /// </summary>
    public static string PenalizedSeller(Address household, Address partner, Address third) => View(
        household,
        11,
        "settled",
        ("forecast", new { productionWh = 9000, consumptionWh = 4000, minSellMicroPerWh = 80, maxBuyMicroPerWh = 300 }),
        ("coalition", new { index = 0, members = new[] { household.ToString(), partner.ToString(), third.ToString() }, priceMicroPerWh = 190, miner = true }),
        ("score", 5012),
        ("singletonScore", 4900),
        ("lossAloneWh", 150),
        ("lossInCoalitionWh", 38),
        ("savedWh", 112),
        ("trades", new object[]
        {
            new { side = "sell", counterparty = partner.ToString(), energyWh = 2500, priceMicroPerWh = 190, paymentMicro = 475_000, deliveredWh = 2200 },
            new { side = "sell", counterparty = "EDC", energyWh = 1500, priceMicroPerWh = 80, paymentMicro = 120_000, deliveredWh = 1500 },
        }),
        ("reading", new { producedWh = 7700, consumedWh = 4000, missing = false }),
        ("receivedMicro", 538_000),
        ("shortfallWh", 300),
        ("edcChargeMicro", 90_000),
        ("edcChargePaidMicro", 90_000),
        ("penaltyMicro", 25_000),
        ("contributionMicro", 3360),
        ("rewardMicro", 1200),
        ("payoffMicro", 34_800),
        ("netMicro", 420_840));

    /// <summary>Slot 9, settled: a buyer in a miner coalition whose reward was withheld; its net is negative.</summary>
    public static string Buyer(Address household, Address seller) => View(
        household,
        9,
        "settled",
        ("forecast", new { productionWh = 1000, consumptionWh = 6000, minSellMicroPerWh = (ulong?)null, maxBuyMicroPerWh = (ulong?)null }),
        ("coalition", new { index = 1, members = new[] { household.ToString(), seller.ToString() }, priceMicroPerWh = 200, miner = true }),
        ("score", 700),
        ("singletonScore", 650),
        ("lossAloneWh", 90),
        ("lossInCoalitionWh", 40),
        ("savedWh", 50),
        ("trades", new object[]
        {
            new { side = "buy", counterparty = seller.ToString(), energyWh = 5000, priceMicroPerWh = 200, paymentMicro = 1_000_000, deliveredWh = 5000 },
        }),
        ("reading", new { producedWh = 1000, consumedWh = 6000, missing = false }),
        ("escrowMicro", 1_000_000),
        ("paidMicro", 1_000_000),
        ("rewardMicro", 800),
        ("rewardWithheld", true),
        ("payoffMicro", 12_000),
        ("netMicro", -1_000_000));

    /// <summary>A household left out of slot <paramref name="slot"/> because its minimum sell price was above every buyer's limit.</summary>
    public static string Excluded(Address household, ulong slot, string phase = "trading") => View(
        household,
        slot,
        phase,
        ("forecast", new { productionWh = 5000, consumptionWh = 1000, minSellMicroPerWh = 500, maxBuyMicroPerWh = (ulong?)null }),
        ("excluded", new { reason = "price", detail = "min sell 500 micro/Wh is above every buyer's max buy" }));

    public static string Path(ulong slot, Address household) => $"/v1/market/{slot}/{household}";

    /// <summary>Every field of the contract, in its order, zero or null unless <paramref name="fields"/> sets it.</summary>
    private static string View(Address household, ulong slot, string phase, params (string Name, object? Value)[] fields)
    {
        var view = new Dictionary<string, object?>
        {
            ["slot"] = slot,
            ["address"] = household.ToString(),
            ["phase"] = phase,
            ["forecast"] = null,
            ["excluded"] = null,
            ["coalition"] = null,
            ["score"] = 0,
            ["singletonScore"] = 0,
            ["lossAloneWh"] = 0,
            ["lossInCoalitionWh"] = 0,
            ["savedWh"] = 0,
            ["trades"] = Array.Empty<object>(),
            ["reading"] = null,
            ["escrowMicro"] = 0,
            ["paidMicro"] = 0,
            ["refundedMicro"] = 0,
            ["receivedMicro"] = 0,
            ["shortfallWh"] = 0,
            ["edcChargeMicro"] = 0,
            ["edcChargePaidMicro"] = 0,
            ["penaltyMicro"] = 0,
            ["contributionMicro"] = 0,
            ["rewardMicro"] = 0,
            ["rewardWithheld"] = false,
            ["payoffMicro"] = 0,
            ["netMicro"] = 0,
        };
        foreach (var (name, value) in fields)
        {
            view[name] = value;
        }

        return JsonSerializer.Serialize(view);
    }
}
