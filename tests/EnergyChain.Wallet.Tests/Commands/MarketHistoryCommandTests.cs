using System.Net;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Wallet.Tests.Support;

namespace EnergyChain.Wallet.Tests.Commands;

public sealed class MarketHistoryCommandTests : IDisposable
{
    private static readonly PrivateKey Home = PrivateKey.FromSeed("cli/history/home");
    private static readonly Address Partner = PrivateKey.FromSeed("cli/history/partner").Address;
    private static readonly Address Third = PrivateKey.FromSeed("cli/history/third").Address;
    private readonly WalletHarness _wallet = new();

    public void Dispose() => _wallet.Dispose();

    /// <summary>Slots 12 and 10 are not routed, so the fake node answers them 404 NotFound like a slot the household skipped.</summary>
    private async Task ArrangeSlotsAsync()
    {
        await _wallet.ImportAsync(Home);
        _wallet.Node.On("GET", "/v1/consensus", HttpStatusCode.OK, MarketAnswers.Consensus(cleared: 12, settled: 11));
        _wallet.Node.On("GET", MarketAnswers.Path(11, Home.Address), HttpStatusCode.OK, MarketAnswers.PenalizedSeller(Home.Address, Partner, Third));
        _wallet.Node.On("GET", MarketAnswers.Path(9, Home.Address), HttpStatusCode.OK, MarketAnswers.Buyer(Home.Address, Partner));
        _wallet.Node.On("GET", MarketAnswers.Path(8, Home.Address), HttpStatusCode.OK, MarketAnswers.Excluded(Home.Address, 8, "settled"));
    }

    [Fact]
    public async Task History_skips_slots_the_household_missed_and_sums_the_rest()
    {
        await ArrangeSlotsAsync();

        var result = await _wallet.RunAsync("market", "history", "--count", "3");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(
            [
                "SLOT   PHASE    COALITION         SOLD   BOUGHT  DELIVERED  PAID  RECEIVED  REWARD              PENALTY   NET",
                "11     settled  #0 miner          4 kWh  0 Wh    3.7 kWh    0 EC  0.538 EC  0.0012 EC           0.025 EC  0.42084 EC",
                "9      settled  #1 miner          0 Wh   5 kWh   5 kWh      1 EC  0 EC      0.0008 EC withheld  0 EC      -1 EC",
                "8      settled  excluded (price)  0 Wh   0 Wh    -          0 EC  0 EC      0 EC                0 EC      0 EC",
                "total  3 slots                    4 kWh  5 kWh   8.7 kWh    1 EC  0.538 EC  0.0012 EC           0.025 EC  -0.57916 EC",
            ],
            result.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.Equal(
            ["/v1/consensus", .. new ulong[] { 12, 11, 10, 9, 8 }.Select(s => MarketAnswers.Path(s, Home.Address))],
            _wallet.Node.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Json_is_the_nodes_objects_with_totals()
    {
        await ArrangeSlotsAsync();

        var result = await _wallet.RunAsync("market", "history", "--household", Home.Address.ToString(), "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(Home.Address.ToString(), root.GetProperty("household").GetString());
        Assert.Equal([11UL, 9UL, 8UL], root.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("slot").GetUInt64()));
        using var seller = JsonDocument.Parse(MarketAnswers.PenalizedSeller(Home.Address, Partner, Third));
        Assert.True(JsonElement.DeepEquals(seller.RootElement, root.GetProperty("slots")[0]));
        var totals = root.GetProperty("totals");
        Assert.Equal(3, totals.GetProperty("slots").GetInt32());
        Assert.Equal(4000UL, totals.GetProperty("soldWh").GetUInt64());
        Assert.Equal(5000UL, totals.GetProperty("boughtWh").GetUInt64());
        Assert.Equal(8700UL, totals.GetProperty("deliveredWh").GetUInt64());
        Assert.Equal(1_000_000UL, totals.GetProperty("paidMicro").GetUInt64());
        Assert.Equal(538_000UL, totals.GetProperty("receivedMicro").GetUInt64());
        Assert.Equal(1200UL, totals.GetProperty("rewardMicro").GetUInt64());
        Assert.Equal(25_000UL, totals.GetProperty("penaltyMicro").GetUInt64());
        Assert.Equal(-579_160L, totals.GetProperty("netMicro").GetInt64());
        Assert.Equal(MarketAnswers.Path(0, Home.Address), _wallet.Node.Requests[^1].Path);
    }

    [Fact]
    public async Task Another_error_stops_the_walk_and_names_the_slot()
    {
        await ArrangeSlotsAsync();
        _wallet.Node.On("GET", MarketAnswers.Path(10, Home.Address), HttpStatusCode.ServiceUnavailable, FakeNode.ErrorBody("Unavailable", "shutting down"));

        var result = await _wallet.RunAsync("market", "history");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["error: market slot 10: Unavailable: shutting down"], result.ErrorLines);
        Assert.Empty(result.Out);
        Assert.DoesNotContain(_wallet.Node.Requests, r => r.Path == MarketAnswers.Path(9, Home.Address));
    }

    [Fact]
    public async Task Before_the_first_clearing_the_history_is_empty()
    {
        await _wallet.ImportAsync(Home);
        _wallet.Node.On("GET", "/v1/consensus", HttpStatusCode.OK, MarketAnswers.Consensus(null, null));

        var text = await _wallet.RunAsync("market", "history");
        var json = await _wallet.RunAsync("market", "history", "--json");

        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Equal("no market slot has cleared yet", text.Out.Trim());
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(0, document.RootElement.GetProperty("slots").GetArrayLength());
        Assert.Equal(0, document.RootElement.GetProperty("totals").GetProperty("slots").GetInt32());
        Assert.DoesNotContain(_wallet.Node.Requests, r => r.Path.StartsWith("/v1/market/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_household_that_never_took_part_is_told_so_after_slot_0()
    {
        await _wallet.ImportAsync(Home);
        _wallet.Node.On("GET", "/v1/consensus", HttpStatusCode.OK, MarketAnswers.Consensus(cleared: 2, settled: 1));

        var result = await _wallet.RunAsync("market", "history");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal($"{Home.Address} took part in no market slot up to slot 2", result.Out.Trim());
        Assert.Equal(4, _wallet.Node.Requests.Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    public async Task The_count_is_checked(string count)
    {
        await _wallet.ImportAsync(Home);

        var result = await _wallet.RunAsync("market", "history", "--count", count);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"error: --count must be between 1 and 1000 (got {count})"], result.ErrorLines);
        Assert.Empty(_wallet.Node.Requests);
    }
}
