using System.Text.Json;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Posoc.V2v;
using EnergyChain.Core.Transactions;
using static EnergyChain.Consensus.Tests.Posoc.V2v.V2vSteps;

namespace EnergyChain.Consensus.Tests.Posoc.V2v;

/// <summary><c>/v1/v2v/{hour}</c>, <c>/v1/v2v/ev/{address}</c> and the V2V part of <c>/v1/consensus</c> through an hour's life.</summary>
public sealed class V2vReadModelTests
{
    [Fact]
    public void An_hour_is_shown_open_then_matched_with_the_readings_as_they_arrive_then_settled()
    {
        var chain = TwoSites();
        var reads = new V2vReadModel(chain.Engine, chain.Chain);
        var (a, c) = (chain.Keys[0], chain.Keys[2]);
        Post(chain, (a, Sell(1, 2_000, 10, site: 1)), (c, Buy(1, 2_000, 50, site: 1)));
        chain.Produce();

        var open = Json(reads.Hour(Query(("hour", "1"))));
        Assert.Equal("open", open.GetProperty("state").GetString());
        Assert.Equal(2, open.GetProperty("intents").GetArrayLength());
        Assert.Equal("south", open.GetProperty("intents")[0].GetProperty("siteName").GetString());
        Assert.Equal(JsonValueKind.Null, open.GetProperty("intents")[0].GetProperty("matchedWh").ValueKind);
        Assert.Equal(0, open.GetProperty("trades").GetArrayLength());

        OpenHour(chain, 1);
        Post(chain, (a, new V2vDeliveryPayload(1, c.Address, 1_500)));
        chain.Produce();
        var matched = Json(reads.Hour(Query(("hour", "1"))));
        Assert.Equal("matched", matched.GetProperty("state").GetString());
        var trade = matched.GetProperty("trades")[0];
        Assert.Equal(a.Address.ToString(), trade.GetProperty("seller").GetString());
        Assert.Equal(30UL, trade.GetProperty("priceMicroPerWh").GetUInt64());
        Assert.Equal(60_000UL, trade.GetProperty("escrowMicro").GetUInt64());
        Assert.Equal(1_500UL, trade.GetProperty("sellerReportWh").GetUInt64());
        Assert.Equal(JsonValueKind.Null, trade.GetProperty("buyerReportWh").ValueKind);
        Assert.Equal(JsonValueKind.Null, trade.GetProperty("confirmedWh").ValueKind);
        Assert.Equal(30UL, matched.GetProperty("sites")[0].GetProperty("priceMicroPerWh").GetUInt64());

        OpenHour(chain, 3);
        var settled = Json(reads.Hour(Query(("hour", "1"))));
        Assert.Equal("settled", settled.GetProperty("state").GetString());
        trade = settled.GetProperty("trades")[0];
        Assert.Equal(1_500UL, trade.GetProperty("sellerReportWh").GetUInt64());
        Assert.Equal(1_500UL, trade.GetProperty("confirmedWh").GetUInt64());
        Assert.Equal(45_000UL, trade.GetProperty("paidMicro").GetUInt64());
        Assert.Equal(15_000UL, trade.GetProperty("refundMicro").GetUInt64());
        Assert.Equal(500UL, trade.GetProperty("shortfallWh").GetUInt64());

        var ev = Json(reads.Ev(Query(("address", c.Address.ToString()))));
        var bought = Assert.Single(ev.GetProperty("trades").EnumerateArray());
        Assert.Equal(("buy", 1_500UL, true), (bought.GetProperty("side").GetString(), bought.GetProperty("confirmedWh").GetUInt64(), bought.GetProperty("settled").GetBoolean()));
        Assert.Equal(1_500UL, ev.GetProperty("totals").GetProperty("boughtWh").GetUInt64());
        Assert.Equal(45_000UL, ev.GetProperty("totals").GetProperty("spentMicro").GetUInt64());

        var status = reads.Status();
        Assert.Equal(["north", "south"], status.Sites);
        Assert.Equal((1UL, 1UL), (status.LastMatchedHour, status.LastSettledHour));
        Assert.Equal(new V2vHourSummary(1, 1, 2_000, 1_500, 30, 2_000UL * 500 * 68 / 2_000 / 10, 0, 1), status.LastV2vSettlement);
        Assert.Contains("V2V hour 1 settled: 1 trades", status.Progress, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hour", "soon", 400)]
    [InlineData("hour", "-1", 400)]
    [InlineData("hour", "9999", 404)]
    public void Bad_hours_get_a_typed_error(string name, string value, int status)
    {
        var chain = TwoSites();
        var response = new V2vReadModel(chain.Engine, chain.Chain).Hour(Query((name, value)));
        Assert.Equal(status, response.Status);
        Assert.Contains(value, response.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_EV_queries_get_a_typed_error()
    {
        var chain = TwoSites();
        var reads = new V2vReadModel(chain.Engine, chain.Chain);
        Assert.Equal(400, reads.Ev(Query(("address", "not-an-address"))).Status);
        Assert.Equal(404, reads.Ev(Query(("address", chain.Outsider.Address.ToString()))).Status);
        Assert.Equal(400, reads.Ev(Query(("address", chain.Keys[0].Address.ToString()), ("hours", "0"))).Status);
        Assert.Equal(400, reads.Ev(Query(("address", chain.Keys[0].Address.ToString()), ("hours", "100000"))).Status);
        Assert.Equal(200, reads.Ev(Query(("address", chain.Keys[0].Address.ToString()), ("hours", "24"))).Status);
    }

    private static JsonElement Json(EngineResponse response)
    {
        Assert.Equal(200, response.Status);
        return JsonSerializer.SerializeToElement(response.Body);
    }

    private static EngineQuery Query(params (string Name, string Value)[] values) =>
        new(values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));
}
