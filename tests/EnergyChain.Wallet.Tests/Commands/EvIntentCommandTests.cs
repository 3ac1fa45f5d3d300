using System.Net;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Wallet.Tests.Support;

namespace EnergyChain.Wallet.Tests.Commands;

/// <summary><c>ecw ev offer</c> and <c>ecw ev bid</c>: V2V intents built from the command line and the chain's hour and sites.</summary>
public sealed class EvIntentCommandTests : IDisposable
{
    private static readonly PrivateKey Car = PrivateKey.FromSeed("cli/v2v/car");
    private readonly WalletHarness _wallet = new();

    public EvIntentCommandTests() => _wallet.Node.On("GET", "/v1/consensus", HttpStatusCode.OK, V2vAnswers.Consensus(hour: 41));

    public void Dispose() => _wallet.Dispose();

    [Fact]
    public async Task An_offer_defaults_to_the_next_hour_and_a_one_hour_window_and_is_signed_by_the_ev()
    {
        await _wallet.ImportAsync(Car);

        var result = await _wallet.RunAsync("ev", "offer", "--wh", "1200", "--price", "15", "--site", "mall");

        Assert.True(result.ExitCode == 0, result.Error);
        var tx = Assert.Single(_wallet.Node.Submitted);
        Assert.Equal(new V2vIntentPayload(42, V2vSide.Sell, 1200, 15, 1, 42, 43), tx.Payload);
        Assert.Equal(Car.PublicKey, tx.Sender);
        Assert.True(FakeNode.HasValidSignature(tx));
        Assert.Contains("V2vIntent sell 1200 Wh in hour 42 at site 1, limit 15 micro/Wh, parked hours 42-43", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bid_takes_an_hour_a_window_a_site_index_and_a_price_in_ec_per_kwh()
    {
        await _wallet.ImportAsync(Car);

        var result = await _wallet.RunAsync(
            "ev", "bid", "--wh", "3000", "--price", "0.017/kWh", "--site", "2", "--hour", "50", "--from", "45", "--until", "53");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(new V2vIntentPayload(50, V2vSide.Buy, 3000, 17, 2, 45, 53), Assert.Single(_wallet.Node.Submitted).Payload);
    }

    [Theory]
    [InlineData("DEPOT", 0U)]
    [InlineData(" office ", 2U)]
    [InlineData("0", 0U)]
    public async Task Sites_are_names_in_any_case_or_indexes(string site, uint expected)
    {
        await _wallet.ImportAsync(Car);

        var result = await _wallet.RunAsync("ev", "offer", "--wh", "10", "--price", "15", "--site", site);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(expected, Assert.IsType<V2vIntentPayload>(Assert.Single(_wallet.Node.Submitted).Payload).Site);
    }

    [Theory]
    [InlineData("garage", "error: --site: unknown site 'garage'; the chain's sites are 0 depot, 1 mall, 2 office")]
    [InlineData("3", "error: --site: there is no site 3; the chain's sites are 0 depot, 1 mall, 2 office")]
    [InlineData("99999999999", "error: --site: there is no site 99999999999; the chain's sites are 0 depot, 1 mall, 2 office")]
    public async Task An_unknown_site_is_a_usage_error_that_lists_the_sites(string site, string expected)
    {
        await _wallet.ImportAsync(Car);

        var result = await _wallet.RunAsync("ev", "bid", "--wh", "10", "--price", "15", "--site", site);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([expected], result.ErrorLines);
        Assert.Empty(_wallet.Node.Submitted);
    }

    [Theory]
    [InlineData("cheap", "error: --price: 'cheap' is not a price: micro-units per Wh (250) or EC per kWh (0.25/kWh)")]
    [InlineData("0.015", "error: --price: '0.015': a decimal price needs the unit, e.g. 0.25/kWh (EC per kWh); plain integers are micro-units per Wh")]
    [InlineData("-3", "error: --price: a price cannot be negative (got '-3')")]
    [InlineData("0.0155/kWh", "error: --price: '0.0155/kWh' has more than three decimals; prices are whole micro-units per Wh (0.001 EC/kWh)")]
    [InlineData("0", "error: --price: the price limit must be at least 1 micro/Wh (0.001/kWh)")]
    [InlineData("0/kWh", "error: --price: the price limit must be at least 1 micro/Wh (0.001/kWh)")]
    public async Task A_bad_price_is_refused_before_the_node_is_asked_anything(string price, string expected)
    {
        await _wallet.ImportAsync(Car);

        var result = await _wallet.RunAsync("ev", "offer", "--wh", "10", "--price", price, "--site", "depot");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([expected], result.ErrorLines);
        Assert.Empty(_wallet.Node.Requests);
    }

    [Fact]
    public async Task Zero_energy_is_refused_before_the_node_is_asked_anything()
    {
        await _wallet.ImportAsync(Car);

        var result = await _wallet.RunAsync("ev", "offer", "--wh", "0", "--price", "15", "--site", "depot");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["error: --wh: an intent trades at least 1 Wh"], result.ErrorLines);
        Assert.Empty(_wallet.Node.Requests);
    }

    [Theory]
    [InlineData(new[] { "--hour", "41" }, "error: --hour 41: the next block is in hour 41, so intents are taken for hours 42 to 65")]
    [InlineData(new[] { "--hour", "66" }, "error: --hour 66: the next block is in hour 41, so intents are taken for hours 42 to 65")]
    [InlineData(new[] { "--hour", "44", "--from", "45" }, "error: the EV must be parked in the hour it trades: --from 45 .. --until 45 (exclusive) does not contain hour 44")]
    [InlineData(new[] { "--hour", "44", "--until", "44" }, "error: the EV must be parked in the hour it trades: --from 44 .. --until 44 (exclusive) does not contain hour 44")]
    [InlineData(new[] { "--hour", "44", "--from", "42", "--until", "67" }, "error: --from 42 .. --until 67 is 25 hours; the chain takes an availability window of at most 24 hours")]
    public async Task Hours_and_windows_the_chain_would_refuse_are_usage_errors(string[] options, string expected)
    {
        await _wallet.ImportAsync(Car);

        var result = await _wallet.RunAsync(["ev", "bid", "--wh", "10", "--price", "15", "--site", "depot", .. options]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([expected], result.ErrorLines);
        Assert.Empty(_wallet.Node.Submitted);
    }

    [Fact]
    public async Task The_widest_window_and_the_farthest_hour_are_taken()
    {
        await _wallet.ImportAsync(Car);

        var result = await _wallet.RunAsync("ev", "bid", "--wh", "10", "--price", "1", "--site", "depot", "--hour", "65", "--from", "42", "--until", "66");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(new V2vIntentPayload(65, V2vSide.Buy, 10, 1, 0, 42, 66), Assert.Single(_wallet.Node.Submitted).Payload);
    }

    [Fact]
    public async Task Another_engine_or_a_posoc_node_without_sites_is_said_plainly()
    {
        await _wallet.ImportAsync(Car);
        _wallet.Node.On("GET", "/v1/consensus", HttpStatusCode.OK, MarketAnswers.Consensus(1, 0));
        var poeg = await _wallet.RunAsync("ev", "offer", "--wh", "10", "--price", "15", "--site", "depot");
        _wallet.Node.On("GET", "/v1/consensus", HttpStatusCode.OK, V2vAnswers.ConsensusWithoutSites());
        var old = await _wallet.RunAsync("ev", "offer", "--wh", "10", "--price", "15", "--site", "depot");

        Assert.Equal(1, poeg.ExitCode);
        Assert.Equal(["error: the node runs the 'poeg' engine; only posoc has V2V energy trading"], poeg.ErrorLines);
        Assert.Equal(1, old.ExitCode);
        Assert.Equal(["error: the node's posoc engine lists no charging sites (posoc.sites in /v1/consensus): it predates V2V trading"], old.ErrorLines);
        Assert.Empty(_wallet.Node.Submitted);
    }

    [Fact]
    public async Task A_refusal_by_the_chain_shows_its_typed_error()
    {
        await _wallet.ImportAsync(Car);
        _wallet.Node.On("POST", "/v1/tx", HttpStatusCode.BadRequest, FakeNode.ErrorBody("DuplicateIntent", "an intent for hour 42 is already in"));

        var result = await _wallet.RunAsync("ev", "offer", "--wh", "10", "--price", "15", "--site", "depot");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["error: DuplicateIntent: an intent for hour 42 is already in"], result.ErrorLines);
    }
}
