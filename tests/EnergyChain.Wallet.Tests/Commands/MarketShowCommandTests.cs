using System.Net;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Wallet.Tests.Support;

namespace EnergyChain.Wallet.Tests.Commands;

public sealed class MarketShowCommandTests : IDisposable
{
    private static readonly PrivateKey Home = PrivateKey.FromSeed("cli/show/home");
    private static readonly Address Partner = PrivateKey.FromSeed("cli/show/partner").Address;
    private static readonly Address Third = PrivateKey.FromSeed("cli/show/third").Address;
    private readonly WalletHarness _wallet = new();

    public void Dispose() => _wallet.Dispose();

    [Fact]
    public async Task A_penalized_seller_sees_its_coalition_trades_shortfall_and_net()
    {
        await _wallet.ImportAsync(Home);
        _wallet.Variables.Remove("ECW_PASSWORD");
        _wallet.Node.On("GET", MarketAnswers.Path(11, Home.Address), HttpStatusCode.OK, MarketAnswers.PenalizedSeller(Home.Address, Partner, Third));

        var result = await _wallet.RunAsync("market", "show", "--slot", "11");

        Assert.True(result.ExitCode == 0, result.Error);
        var partner = Partner.ToString();
        Assert.Equal(
            [
                "slot       11 (settled)",
                $"household  {Home.Address}",
                "forecast   production 9 kWh, consumption 4 kWh",
                "limits     min sell 0.08 EC/kWh (80 micro/Wh), max buy 0.3 EC/kWh (300 micro/Wh)",
                "coalition  #0: 3 members, price 0.19 EC/kWh (190 micro/Wh), miner yes",
                "score      5012 (alone 4900)",
                "grid loss  38 Wh in the coalition, 150 Wh alone, 112 Wh saved",
                string.Empty,
                "SIDE  COUNTERPARTY   ENERGY   PRICE        PAYMENT   DELIVERED",
                $"sell  {partner[..8]}…{partner[^4..]}  2.5 kWh  0.19 EC/kWh  0.475 EC  2.2 kWh",
                "sell  EDC            1.5 kWh  0.08 EC/kWh  0.12 EC   1.5 kWh",
                string.Empty,
                "reading       produced 7.7 kWh, consumed 4 kWh",
                "escrow        0 EC",
                "paid          0 EC",
                "refunded      0 EC",
                "received      0.538 EC",
                "shortfall     300 Wh, EDC charge 0.09 EC (0.09 EC paid)",
                "penalty       0.025 EC",
                "contribution  0.00336 EC (mining fee from savings)",
                "reward        0.0012 EC",
                "payoff x_i    0.0348 EC",
                "net           0.42084 EC",
            ],
            result.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.Equal([$"GET {MarketAnswers.Path(11, Home.Address)}"], _wallet.Node.Requests.Select(r => $"{r.Method} {r.Path}"));
    }

    [Fact]
    public async Task An_excluded_household_sees_the_reason_and_no_trades()
    {
        _wallet.Node.On("GET", MarketAnswers.Path(12, Home.Address), HttpStatusCode.OK, MarketAnswers.Excluded(Home.Address, 12));

        var result = await _wallet.RunAsync("market", "show", "--slot", "12", "--household", Home.Address.ToString());

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Out.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("slot       12 (trading)", lines);
        Assert.Contains("limits     min sell 0.5 EC/kWh (500 micro/Wh), max buy default", lines);
        Assert.Contains("excluded   price: min sell 500 micro/Wh is above every buyer's max buy", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("coalition", StringComparison.Ordinal));
        Assert.Contains("no trades", lines);
        Assert.Contains("reading       none yet", lines);
        Assert.Contains("net           0 EC", lines);
    }

    [Fact]
    public async Task Json_prints_the_nodes_answer_unchanged()
    {
        await _wallet.ImportAsync(Home);
        var answer = MarketAnswers.Buyer(Home.Address, Partner);
        _wallet.Node.On("GET", MarketAnswers.Path(9, Home.Address), HttpStatusCode.OK, answer);

        var result = await _wallet.RunAsync("market", "show", "--slot", "9", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var printed = JsonDocument.Parse(result.Out);
        using var expected = JsonDocument.Parse(answer);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, printed.RootElement), result.Out);
    }

    [Fact]
    public async Task A_buyer_with_a_withheld_reward_sees_a_negative_net()
    {
        await _wallet.ImportAsync(Home);
        _wallet.Node.On("GET", MarketAnswers.Path(9, Home.Address), HttpStatusCode.OK, MarketAnswers.Buyer(Home.Address, Partner));

        var result = await _wallet.RunAsync("market", "show", "--slot", "9");

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Out.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("limits     min sell default, max buy default", lines);
        Assert.Contains("reward        0.0008 EC (withheld)", lines);
        Assert.Contains("net           -1 EC", lines);
        Assert.Contains(lines, l => l.StartsWith("buy   ", StringComparison.Ordinal) && l.EndsWith("5 kWh   0.2 EC/kWh  1 EC     5 kWh", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(12UL, 11UL, 11UL)]
    [InlineData(12UL, null, 12UL)]
    public async Task Without_a_slot_it_shows_the_last_settled_else_the_last_cleared(ulong? cleared, ulong? settled, ulong shown)
    {
        await _wallet.ImportAsync(Home);
        _wallet.Node.On("GET", "/v1/consensus", HttpStatusCode.OK, MarketAnswers.Consensus(cleared, settled));
        _wallet.Node.On("GET", MarketAnswers.Path(shown, Home.Address), HttpStatusCode.OK, MarketAnswers.Excluded(Home.Address, shown));

        var result = await _wallet.RunAsync("market", "show");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(
            ["GET /v1/consensus", $"GET {MarketAnswers.Path(shown, Home.Address)}"],
            _wallet.Node.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.Contains($"slot       {shown} (trading)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_the_first_clearing_it_says_so()
    {
        await _wallet.ImportAsync(Home);
        _wallet.Node.On("GET", "/v1/consensus", HttpStatusCode.OK, MarketAnswers.Consensus(null, null));

        var result = await _wallet.RunAsync("market", "show");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["error: no market slot has cleared yet; name one with --slot"], result.ErrorLines);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task A_node_without_the_market_engine_says_so()
    {
        await _wallet.ImportAsync(Home);
        _wallet.Node.On("GET", "/v1/consensus", HttpStatusCode.OK, MarketAnswers.ConsensusWithoutMarket());

        var result = await _wallet.RunAsync("market", "show");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["error: the node runs the 'single' engine; only poeg has an energy market"], result.ErrorLines);
    }

    [Fact]
    public async Task A_slot_the_household_took_no_part_in_shows_the_nodes_404()
    {
        _wallet.Node.On("GET", MarketAnswers.Path(5, Home.Address), HttpStatusCode.NotFound,
            FakeNode.ErrorBody("NotFound", $"{Home.Address} took no part in market slot 5"));

        var result = await _wallet.RunAsync("market", "show", "--slot", "5", "--household", Home.Address.ToString());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"error: NotFound: {Home.Address} took no part in market slot 5"], result.ErrorLines);
    }

    [Fact]
    public async Task The_household_can_be_another_key_by_name_and_a_mistyped_address_is_refused()
    {
        await _wallet.ImportAsync(Home, "home");
        _wallet.Node.On("GET", MarketAnswers.Path(12, Home.Address), HttpStatusCode.OK, MarketAnswers.Excluded(Home.Address, 12));
        var good = Home.Address.ToString();
        var typo = good[..^1] + (good[^1] == '0' ? '1' : '0');

        var byName = await _wallet.RunAsync("market", "show", "--slot", "12", "--household", "home");
        var mistyped = await _wallet.RunAsync("market", "show", "--slot", "12", "--household", typo);

        Assert.True(byName.ExitCode == 0, byName.Error);
        Assert.Equal(2, mistyped.ExitCode);
        Assert.StartsWith($"error: invalid address '{typo}': ", Assert.Single(mistyped.ErrorLines), StringComparison.Ordinal);
        Assert.Single(_wallet.Node.Requests);
    }
}
