using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Wallet.Tests.Support;

namespace EnergyChain.Wallet.Tests.Commands;

public sealed class MarketForecastCommandTests : IDisposable
{
    private static readonly PrivateKey Home = PrivateKey.FromSeed("cli/market/home");
    private static readonly PrivateKey Neighbour = PrivateKey.FromSeed("cli/market/neighbour");
    private readonly WalletHarness _wallet = new();

    public void Dispose() => _wallet.Dispose();

    [Fact]
    public async Task A_forecast_without_limits_is_signed_by_the_household_and_leaves_the_limits_out()
    {
        await _wallet.ImportAsync(Home);

        var result = await _wallet.RunAsync("market", "forecast", "--slot", "12", "--production", "9000", "--consumption", "4000");

        Assert.True(result.ExitCode == 0, result.Error);
        var tx = Assert.Single(_wallet.Node.Submitted);
        Assert.Equal(new EnergyReportPayload(12, 9000, 4000), tx.Payload);
        Assert.Equal(Home.PublicKey, tx.Sender);
        Assert.True(FakeNode.HasValidSignature(tx));
        Assert.Contains("EnergyReport slot 12: production 9000 Wh, consumption 4000 Wh\n", result.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forecast_with_limits_carries_them_in_micro_units_per_wh()
    {
        await _wallet.ImportAsync(Home);
        await _wallet.ImportAsync(Neighbour, "neighbour");

        var result = await _wallet.RunAsync(
            "--key", "neighbour", "market", "forecast", "--slot", "12", "--production", "9000", "--consumption", "4000",
            "--min-sell", "80", "--max-buy", "0.3/kWh");

        Assert.True(result.ExitCode == 0, result.Error);
        var tx = Assert.Single(_wallet.Node.Submitted);
        Assert.Equal(new EnergyReportPayload(12, 9000, 4000, MinSellMicroPerWh: 80, MaxBuyMicroPerWh: 300), tx.Payload);
        Assert.Equal(Neighbour.PublicKey, tx.Sender);
        Assert.Contains("min sell 0.08 EC/kWh, max buy 0.3 EC/kWh", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_energy_is_the_same_order_and_still_defaults_to_the_next_slot()
    {
        await _wallet.ImportAsync(Home);

        var plain = await _wallet.RunAsync("report", "energy", "--production", "1", "--consumption", "2");
        var limited = await _wallet.RunAsync("report", "energy", "--production", "1", "--consumption", "2", "--slot", "7", "--max-buy", "0.25EC/kWh");

        Assert.True(plain.ExitCode == 0, plain.Error);
        Assert.True(limited.ExitCode == 0, limited.Error);
        Assert.Equal(
            new TxPayload[] { new EnergyReportPayload(0, 1, 2), new EnergyReportPayload(7, 1, 2, MaxBuyMicroPerWh: 250) },
            _wallet.Node.Submitted.Select(t => t.Payload));
    }

    [Theory]
    [InlineData("250", 250UL)]
    [InlineData("0", 0UL)]
    [InlineData("0.25/kWh", 250UL)]
    [InlineData("0.25EC/kWh", 250UL)]
    [InlineData(" 1 EC/kwh ", 1000UL)]
    [InlineData("0.001/kWh", 1UL)]
    public async Task Prices_are_micro_units_per_wh_or_ec_per_kwh(string price, ulong expected)
    {
        await _wallet.ImportAsync(Home);

        var result = await _wallet.RunAsync("market", "forecast", "--slot", "3", "--production", "500", "--consumption", "0", "--min-sell", price);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(new EnergyReportPayload(3, 500, 0, MinSellMicroPerWh: expected), Assert.Single(_wallet.Node.Submitted).Payload);
    }

    [Theory]
    [InlineData("--min-sell", "-5", "error: --min-sell: a price cannot be negative (got '-5')")]
    [InlineData("--max-buy", "-0.25/kWh", "error: --max-buy: a price cannot be negative (got '-0.25/kWh')")]
    [InlineData("--max-buy", "cheap", "error: --max-buy: 'cheap' is not a price: micro-units per Wh (250) or EC per kWh (0.25/kWh)")]
    [InlineData("--max-buy", "0.25", "error: --max-buy: '0.25': a decimal price needs the unit, e.g. 0.25/kWh (EC per kWh); plain integers are micro-units per Wh")]
    [InlineData("--min-sell", "1e3/kWh", "error: --min-sell: '1e3/kWh' is not a price in EC per kWh (e.g. 0.25/kWh)")]
    [InlineData("--min-sell", "/kWh", "error: --min-sell: '/kWh' is not a price in EC per kWh (e.g. 0.25/kWh)")]
    [InlineData("--min-sell", "0.2505/kWh", "error: --min-sell: '0.2505/kWh' has more than three decimals; prices are whole micro-units per Wh (0.001 EC/kWh)")]
    [InlineData("--min-sell", "18446744073709551616", "error: --min-sell: price '18446744073709551616' is too large")]
    [InlineData("--min-sell", "18446744073709552/kWh", "error: --min-sell: price '18446744073709552/kWh' is too large")]
    public async Task Bad_prices_are_usage_errors_and_nothing_is_sent(string option, string price, string expected)
    {
        await _wallet.ImportAsync(Home);

        var result = await _wallet.RunAsync("market", "forecast", "--slot", "3", "--production", "500", "--consumption", "0", option, price);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([expected], result.ErrorLines);
        Assert.Empty(_wallet.Node.Requests);
    }

    [Fact]
    public async Task A_minimum_sell_price_above_the_maximum_buy_price_is_refused_before_signing()
    {
        await _wallet.ImportAsync(Home);

        var result = await _wallet.RunAsync(
            "market", "forecast", "--slot", "3", "--production", "500", "--consumption", "100", "--min-sell", "0.31/kWh", "--max-buy", "300");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            ["error: --min-sell 0.31 EC/kWh (310 micro/Wh) is above --max-buy 0.3 EC/kWh (300 micro/Wh); the minimum sell price must not exceed the maximum buy price"],
            result.ErrorLines);
        Assert.Empty(_wallet.Node.Requests);
    }

    [Fact]
    public async Task Equal_limits_are_accepted()
    {
        await _wallet.ImportAsync(Home);

        var result = await _wallet.RunAsync("market", "forecast", "--slot", "3", "--production", "5", "--consumption", "1", "--min-sell", "0.3/kWh", "--max-buy", "300");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(new EnergyReportPayload(3, 5, 1, 300, 300), Assert.Single(_wallet.Node.Submitted).Payload);
    }

    [Fact]
    public async Task The_market_forecast_needs_a_slot()
    {
        await _wallet.ImportAsync(Home);

        var result = await _wallet.RunAsync("market", "forecast", "--production", "5", "--consumption", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--slot", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(_wallet.Node.Requests);
    }
}
