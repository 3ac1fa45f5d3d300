using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Wallet.Tests.Support;

namespace EnergyChain.Wallet.Tests.Commands;

public sealed class TransactionCommandTests : IDisposable
{
    private static readonly PrivateKey Alice = PrivateKey.FromSeed("cli/alice");
    private static readonly PrivateKey Bob = PrivateKey.FromSeed("cli/bob");
    private readonly WalletHarness _wallet = new();

    public void Dispose() => _wallet.Dispose();

    [Fact]
    public async Task Send_submits_a_signed_transfer_with_the_chain_id_and_next_nonce()
    {
        await _wallet.ImportAsync(Alice);
        _wallet.Node.Accounts[Alice.Address.ToString()] = (Nonce: 5, Pending: 2);

        var result = await _wallet.RunAsync("send", "--to", Bob.Address.ToString(), "--amount", "1.5EC", "--fee", "10");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Empty(result.Error);
        var tx = Assert.Single(_wallet.Node.Submitted);
        Assert.Equal(FakeNode.ChainId, tx.ChainId);
        Assert.Equal(7UL, tx.Nonce);
        Assert.Equal(10UL, tx.Fee);
        Assert.Equal(Alice.PublicKey, tx.Sender);
        Assert.Equal(new TransferPayload(Bob.Address, 1_500_000), tx.Payload);
        Assert.True(FakeNode.HasValidSignature(tx));
        Assert.True(new SignatureVerifier(CryptoBackends.Default).Verify(tx));
        Assert.Contains(tx.Hash.ToString(), result.Out, StringComparison.Ordinal);
        Assert.Contains("Transfer 1.5 EC to " + Bob.Address, result.Out, StringComparison.Ordinal);
        Assert.Equal(
            ["GET /v1/status", $"GET /v1/account/{Alice.Address}", "POST /v1/tx"],
            _wallet.Node.Requests.Select(r => $"{r.Method} {r.Path}"));
    }

    [Fact]
    public async Task Send_with_wait_and_json_prints_the_committed_transaction()
    {
        await _wallet.ImportAsync(Alice);
        _wallet.Node.PendingPolls = 2;

        var result = await _wallet.RunAsync("send", "--to", Bob.Address.ToString(), "--amount", "42", "--wait", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("committed", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(_wallet.Node.Submitted[0].Hash.ToString(), json.RootElement.GetProperty("hash").GetString());
        Assert.Equal(3, _wallet.Node.Requests.Count(r => r.Path.StartsWith("/v1/tx/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_failure_while_waiting_still_names_the_submitted_transaction()
    {
        await _wallet.ImportAsync(Alice);
        _wallet.Node.OnPrefix("GET", "/v1/tx/", System.Net.HttpStatusCode.ServiceUnavailable, FakeNode.ErrorBody("Unavailable", "shutting down"));

        var result = await _wallet.RunAsync("stake", "--amount", "1", "--wait");

        Assert.Equal(1, result.ExitCode);
        var hash = Assert.Single(_wallet.Node.Submitted).Hash;
        Assert.Equal([$"error: transaction {hash} was submitted, but waiting for it failed: Unavailable: shutting down"], result.ErrorLines);
    }

    [Fact]
    public async Task Explicit_nonce_skips_the_account_lookup()
    {
        await _wallet.ImportAsync(Alice);

        var result = await _wallet.RunAsync("stake", "--amount", "2EC", "--nonce", "99");

        Assert.True(result.ExitCode == 0, result.Error);
        var tx = Assert.Single(_wallet.Node.Submitted);
        Assert.Equal(99UL, tx.Nonce);
        Assert.Equal(new StakePayload(2_000_000), tx.Payload);
        Assert.DoesNotContain(_wallet.Node.Requests, r => r.Path.StartsWith("/v1/account/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unstake_and_reports_carry_their_payloads()
    {
        await _wallet.ImportAsync(Alice);

        Assert.Equal(0, (await _wallet.RunAsync("unstake", "--amount", "0.25EC")).ExitCode);
        Assert.Equal(0, (await _wallet.RunAsync("report", "energy", "--production", "5200", "--consumption", "3100", "--slot", "12")).ExitCode);
        Assert.Equal(0, (await _wallet.RunAsync("report", "energy", "--production", "1", "--consumption", "2")).ExitCode);
        var ev = await _wallet.RunAsync("report", "ev", "--soc", "80%", "--charge", "0", "--discharge", "1500", "--max-soc", "900000", "--departing");
        Assert.True(ev.ExitCode == 0, ev.Error);
        Assert.Equal(0, (await _wallet.RunAsync("report", "ev", "--soc", "500000", "--charge", "700", "--discharge", "0")).ExitCode);

        Assert.Equal(
            new TxPayload[]
            {
                new UnstakePayload(250_000),
                new EnergyReportPayload(12, 5200, 3100),
                new EnergyReportPayload(0, 1, 2),
                new EvReportPayload(800_000, 900_000, 0, 1500, true),
                new EvReportPayload(500_000, 1_000_000, 700, 0, false),
            },
            _wallet.Node.Submitted.Select(t => t.Payload));
        Assert.All(_wallet.Node.Submitted, tx => Assert.True(FakeNode.HasValidSignature(tx)));
        Assert.Contains("SOC 80% (max 90%), charged 0 Wh, discharged 1500 Wh, departing", ev.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_transaction_shows_the_nodes_code_and_reason_on_one_line()
    {
        await _wallet.ImportAsync(Alice);
        _wallet.Node.On("POST", "/v1/tx", System.Net.HttpStatusCode.BadRequest,
            FakeNode.ErrorBody("InsufficientBalance", "balance 0 does not cover amount 1500000 plus fee 0"));

        var result = await _wallet.RunAsync("send", "--to", Bob.Address.ToString(), "--amount", "1.5EC");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["error: InsufficientBalance: balance 0 does not cover amount 1500000 plus fee 0"], result.ErrorLines);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task A_wrong_passphrase_fails_before_anything_is_sent()
    {
        await _wallet.ImportAsync(Alice);
        _wallet.Variables["ECW_PASSWORD"] = "wrong";

        var result = await _wallet.RunAsync("send", "--to", Bob.Address.ToString(), "--amount", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["error: wrong passphrase for key 'default'"], result.ErrorLines);
        Assert.Empty(_wallet.Node.Requests);
    }

    [Fact]
    public async Task Without_a_key_send_says_how_to_create_one()
    {
        var result = await _wallet.RunAsync("send", "--to", Bob.Address.ToString(), "--amount", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: no keys in ", result.Error, StringComparison.Ordinal);
        Assert.Contains("ecw key new", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--amount", "1.2345678EC", "error: --amount: amount '1.2345678EC' has more than 6 decimals")]
    [InlineData("--amount", "0", "error: --amount must be greater than zero")]
    [InlineData("--to", "ec1234", "error: invalid address 'ec1234': an address is 'ec' followed by 48 hexadecimal characters")]
    public async Task Bad_values_are_usage_errors(string option, string value, string expected)
    {
        await _wallet.ImportAsync(Alice);
        var args = new Dictionary<string, string> { ["--to"] = Bob.Address.ToString(), ["--amount"] = "1" };
        args[option] = value;

        var result = await _wallet.RunAsync(["send", .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.Empty(_wallet.Node.Submitted);
    }

    [Fact]
    public async Task A_missing_required_option_is_a_usage_error_on_one_line()
    {
        var result = await _wallet.RunAsync("send", "--amount", "1");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("--to", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mistyped_recipient_checksum_is_refused_with_the_address_message()
    {
        await _wallet.ImportAsync(Alice);
        var good = Bob.Address.ToString();
        var typo = good[..10] + (good[10] == 'a' ? 'b' : 'a') + good[11..];

        var result = await _wallet.RunAsync("send", "--to", typo, "--amount", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"error: invalid address '{typo}': address checksum does not match (mistyped address?)"], result.ErrorLines);
    }
}
