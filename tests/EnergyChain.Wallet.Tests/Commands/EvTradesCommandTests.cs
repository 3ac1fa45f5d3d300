using System.Net;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Wallet.Tests.Support;

namespace EnergyChain.Wallet.Tests.Commands;

/// <summary><c>ecw ev deliver</c> (a delivery report) and <c>ecw ev trades</c> (an EV's trades with totals).</summary>
public sealed class EvTradesCommandTests : IDisposable
{
    private static readonly PrivateKey Car = PrivateKey.FromSeed("cli/v2v-trades/car");
    private static readonly PrivateKey Van = PrivateKey.FromSeed("cli/v2v-trades/van");
    private static readonly Address Bus = PrivateKey.FromSeed("cli/v2v-trades/bus").Address;
    private readonly WalletHarness _wallet = new();

    public void Dispose() => _wallet.Dispose();

    [Fact]
    public async Task A_delivery_report_names_the_hour_the_counterparty_and_the_energy()
    {
        await _wallet.ImportAsync(Car);

        var result = await _wallet.RunAsync("ev", "deliver", "--hour", "42", "--counterparty", Bus.ToString(), "--wh", "900");

        Assert.True(result.ExitCode == 0, result.Error);
        var tx = Assert.Single(_wallet.Node.Submitted);
        Assert.Equal(new V2vDeliveryPayload(42, Bus, 900), tx.Payload);
        Assert.Equal(Car.PublicKey, tx.Sender);
        Assert.Contains($"V2vDelivery hour 42 with {Bus}: 900 Wh", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_counterparty_may_be_a_key_name_and_nothing_delivered_is_a_report_too()
    {
        await _wallet.ImportAsync(Car);
        await _wallet.ImportAsync(Van, "van");

        var result = await _wallet.RunAsync("ev", "deliver", "--hour", "7", "--counterparty", "van", "--wh", "0");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(new V2vDeliveryPayload(7, Van.Address, 0), Assert.Single(_wallet.Node.Submitted).Payload);
    }

    [Fact]
    public async Task A_mistyped_counterparty_is_a_usage_error()
    {
        await _wallet.ImportAsync(Car);

        var result = await _wallet.RunAsync("ev", "deliver", "--hour", "7", "--counterparty", "bus", "--wh", "5");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"error: 'bus' is neither an address nor the name of a key in {_wallet.KeystoreDirectory}"], result.ErrorLines);
        Assert.Empty(_wallet.Node.Requests);
    }

    [Fact]
    public async Task Trades_are_a_table_with_the_nodes_totals()
    {
        await _wallet.ImportAsync(Car);
        _wallet.Node.On("GET", $"/v1/v2v/ev/{Car.Address}", HttpStatusCode.OK, V2vAnswers.EvTrades(Car.Address, Bus, Van.Address));

        var result = await _wallet.RunAsync("ev", "trades");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(
            [
                $"HOUR  SIDE  COUNTERPARTY{Pad(Bus.ToString().Length - 12)}  SITE  ENERGY   PRICE         CONFIRMED  AMOUNT     STATE",
                $"44    sell  {Bus}  1     300 Wh   0.015 EC/kWh  -          0.0045 EC  matched",
                $"43    buy   {Van.Address}  0     2 kWh    0.017 EC/kWh  2 kWh      0.034 EC   settled",
                $"42    sell  {Bus}  0     1.2 kWh  0.015 EC/kWh  900 Wh     0.0135 EC  settled",
                string.Empty,
                "trades         3 in the last 48 hours",
                "sold           1.5 kWh for 0.0135 EC",
                "bought         2 kWh for 0.034 EC",
                "penalties      0.0027 EC",
                "discrepancies  1 (300 Wh)",
                "profit         -0.0232 EC",
            ],
            result.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.Equal([$"/v1/v2v/ev/{Car.Address}?hours=48"], _wallet.Node.Uris);
    }

    [Fact]
    public async Task Json_is_the_nodes_answer_for_the_named_ev_and_hours()
    {
        await _wallet.ImportAsync(Car);
        var answer = V2vAnswers.EvTrades(Van.Address, Bus, Car.Address);
        _wallet.Node.On("GET", $"/v1/v2v/ev/{Van.Address}", HttpStatusCode.OK, answer);

        var result = await _wallet.RunAsync("ev", "trades", "--address", Van.Address.ToString(), "--hours", "6", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var printed = JsonDocument.Parse(result.Out);
        using var expected = JsonDocument.Parse(answer);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, printed.RootElement));
        var totals = printed.RootElement.GetProperty("totals");
        Assert.Equal(-23_200, totals.GetProperty("profitMicro").GetInt64());
        Assert.Equal(3, printed.RootElement.GetProperty("trades").GetArrayLength());
        Assert.Equal([$"/v1/v2v/ev/{Van.Address}?hours=6"], _wallet.Node.Uris);
    }

    [Fact]
    public async Task An_ev_without_trades_is_told_so()
    {
        await _wallet.ImportAsync(Car);
        _wallet.Node.On("GET", $"/v1/v2v/ev/{Car.Address}", HttpStatusCode.OK, V2vAnswers.NoTrades(Car.Address));

        var result = await _wallet.RunAsync("ev", "trades", "--hours", "24");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal($"{Car.Address} made no V2V trade in the last 24 hours", result.Out.Trim());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("100001")]
    public async Task The_hours_are_checked(string hours)
    {
        await _wallet.ImportAsync(Car);

        var result = await _wallet.RunAsync("ev", "trades", "--hours", hours);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"error: --hours must be between 1 and 100000 (got {hours})"], result.ErrorLines);
        Assert.Empty(_wallet.Node.Requests);
    }

    [Fact]
    public async Task A_node_without_the_route_says_so_on_one_line()
    {
        await _wallet.ImportAsync(Car);

        var result = await _wallet.RunAsync("ev", "trades");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"error: NotFound: no route GET /v1/v2v/ev/{Car.Address}"], result.ErrorLines);
    }

    private static string Pad(int count) => new(' ', count);
}
