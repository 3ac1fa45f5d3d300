using System.Text.Json;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Wallet.Tests.Support;

/// <summary>
/// Canned answers of the node's V2V API (<c>GET /v1/consensus</c>'s posoc part, <c>GET /v1/v2v/{hour}</c> and
/// <c>GET /v1/v2v/ev/{address}</c>) in the shape of the contract the chain side serves.
/// </summary>
internal static class V2vAnswers
{
    public static readonly string[] Sites = ["depot", "mall", "office"];

    public static string Consensus(ulong hour, ulong? lastMatched = null, ulong? lastSettled = null, ulong round = 1) => JsonSerializer.Serialize(new
    {
        engine = "posoc",
        height = hour * 4,
        posoc = new { hour, hourOfDay = hour % 24, hourBlocks = 4, round, roundHours = 24, sites = Sites, lastMatchedHour = lastMatched, lastSettledHour = lastSettled },
    });

    /// <summary>A posoc node from before V2V trading: no site list.</summary>
    public static string ConsensusWithoutSites() => JsonSerializer.Serialize(new { engine = "posoc", height = 40, posoc = new { hour = 10, round = 0 } });

    public static string Model(ulong openRound = 1) => JsonSerializer.Serialize(new
    {
        round = openRound - 1,
        openRound,
        shape = EvLearning.ModelShape.Default.Id,
        weights = (int[]?)null,
    });

    /// <summary>
    /// Hour <paramref name="hour"/>, matched: <paramref name="seller"/> sells 1,200 Wh to <paramref name="buyer"/>
    /// and 300 Wh to <paramref name="other"/> at 15 micro/Wh; the first trade's seller report is in already when
    /// <paramref name="sellerReported"/>.
    /// </summary>
    public static string MatchedHour(ulong hour, Address seller, Address buyer, Address other, bool sellerReported = false) => JsonSerializer.Serialize(new
    {
        hour,
        hourOfDay = hour % 24,
        state = "matched",
        matchHeight = hour * 4,
        settlementHeight = (ulong?)null,
        gridPriceMicroPerWh = 68,
        sites = new[] { new { site = 0, name = "depot", priceMicroPerWh = 15, matchedWh = 1500, unmatchedSellWh = 0, unmatchedBuyWh = 200 } },
        intents = Array.Empty<object>(),
        trades = new[]
        {
            Trade(seller, buyer, 1200, sellerReported ? 1200 : null),
            Trade(seller, other, 300, null),
            Trade(other, buyer, 100, null),
        },
    });

    /// <summary>
    /// An EV's trades: a settled sale of which 900 of 1,200 Wh were confirmed (a penalty and a discrepancy), a
    /// settled purchase, and a matched sale not yet settled; the totals are the node's.
    /// </summary>
    public static string EvTrades(Address ev, Address buyer, Address seller) => JsonSerializer.Serialize(new
    {
        ev = ev.ToString(),
        totals = new
        {
            soldWh = 1500,
            boughtWh = 2000,
            revenueMicro = 13_500,
            spentMicro = 34_000,
            penaltiesMicro = 2_700,
            discrepancies = 1,
            discrepancyWh = 300,
            profitMicro = -23_200,
        },
        trades = new object[]
        {
            new { hour = 44, side = "sell", counterparty = buyer.ToString(), site = 1, energyWh = 300, priceMicroPerWh = 15, confirmedWh = (ulong?)null, amountMicro = 4_500, settled = false },
            new { hour = 43, side = "buy", counterparty = seller.ToString(), site = 0, energyWh = 2000, priceMicroPerWh = 17, confirmedWh = (ulong?)2000, amountMicro = 34_000, settled = true },
            new { hour = 42, side = "sell", counterparty = buyer.ToString(), site = 0, energyWh = 1200, priceMicroPerWh = 15, confirmedWh = (ulong?)900, amountMicro = 13_500, settled = true },
        },
    });

    public static string NoTrades(Address ev) => JsonSerializer.Serialize(new
    {
        ev = ev.ToString(),
        totals = new { soldWh = 0, boughtWh = 0, revenueMicro = 0, spentMicro = 0, penaltiesMicro = 0, discrepancies = 0, discrepancyWh = 0, profitMicro = 0 },
        trades = Array.Empty<object>(),
    });

    private static object Trade(Address seller, Address buyer, ulong wh, ulong? sellerReport) => new
    {
        seller = seller.ToString(),
        buyer = buyer.ToString(),
        site = 0,
        energyWh = wh,
        priceMicroPerWh = 15,
        escrowMicro = wh * 15,
        sellerReportWh = sellerReport,
        buyerReportWh = (ulong?)null,
        confirmedWh = (ulong?)null,
        paidMicro = 0,
        refundMicro = 0,
        penaltyMicro = 0,
        discrepancyWh = 0,
        sellerProfitMicro = 0,
    };
}
