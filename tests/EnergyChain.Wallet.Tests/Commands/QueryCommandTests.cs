using System.Net;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Wallet.Tests.Support;

namespace EnergyChain.Wallet.Tests.Commands;

public sealed class QueryCommandTests : IDisposable
{
    private static readonly PrivateKey Alice = PrivateKey.FromSeed("cli/query/alice");
    private readonly WalletHarness _wallet = new();

    public void Dispose() => _wallet.Dispose();

    [Fact]
    public async Task Balance_json_prints_the_nodes_answer()
    {
        _wallet.Node.Accounts[Alice.Address.ToString()] = (3, 1);

        var result = await _wallet.RunAsync("balance", Alice.Address.ToString(), "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(Alice.Address.ToString(), json.RootElement.GetProperty("address").GetString());
        Assert.Equal(1_500_000_000UL, json.RootElement.GetProperty("balance").GetUInt64());
        Assert.Equal(3UL, json.RootElement.GetProperty("nonce").GetUInt64());
        Assert.Equal(1UL, json.RootElement.GetProperty("pendingCount").GetUInt64());
    }

    [Fact]
    public async Task Balance_of_the_selected_key_is_readable_text()
    {
        await _wallet.ImportAsync(Alice);
        _wallet.Variables.Remove("ECW_PASSWORD");

        var result = await _wallet.RunAsync("balance");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"address  {Alice.Address}", result.Out, StringComparison.Ordinal);
        Assert.Contains("balance  1500 EC (1500000000)", result.Out, StringComparison.Ordinal);
        Assert.Contains("stake    0.25 EC (250000)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_node_is_one_error_line_and_exit_code_1()
    {
        var port = FreePort.Get();
        _wallet.UseFakeNode = false;

        var result = await _wallet.RunAsync("--node", $"http://127.0.0.1:{port}", "balance", Alice.Address.ToString());

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error: cannot reach the node at http://127.0.0.1:{port}/: ", line, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task A_400_error_body_is_rendered_as_code_and_message()
    {
        _wallet.Node.On("GET", $"/v1/account/{Alice.Address}", HttpStatusCode.BadRequest,
            FakeNode.ErrorBody("BadRequest", "something about\nthe address"));

        var result = await _wallet.RunAsync("balance", Alice.Address.ToString());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["error: BadRequest: something about the address"], result.ErrorLines);
    }

    [Fact]
    public async Task Tx_status_shows_the_transaction_and_waits_when_asked()
    {
        await _wallet.ImportAsync(Alice);
        Assert.Equal(0, (await _wallet.RunAsync("report", "energy", "--production", "10", "--consumption", "20")).ExitCode);
        var hash = _wallet.Node.Submitted[0].Hash.ToString();
        _wallet.Node.PendingPolls = 3;

        var pending = await _wallet.RunAsync("tx", "status", hash);
        Assert.Contains("status   pending", pending.Out, StringComparison.Ordinal);
        Assert.Contains("EnergyReport", pending.Out, StringComparison.Ordinal);

        var waited = await _wallet.RunAsync("tx", "status", hash, "--wait", "--json");
        Assert.True(waited.ExitCode == 0, waited.Error);
        using var json = JsonDocument.Parse(waited.Out);
        Assert.Equal("committed", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(42UL, json.RootElement.GetProperty("height").GetUInt64());
    }

    [Fact]
    public async Task Tx_status_wait_times_out_with_one_line()
    {
        await _wallet.ImportAsync(Alice);
        Assert.Equal(0, (await _wallet.RunAsync("stake", "--amount", "1")).ExitCode);
        var hash = _wallet.Node.Submitted[0].Hash.ToString();
        _wallet.Node.PendingPolls = int.MaxValue;

        var result = await _wallet.RunAsync("tx", "status", hash, "--wait", "--timeout", "0.05");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error: transaction {hash} is still pending after 0.1 s", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tx_status_of_an_unknown_hash_shows_not_found()
    {
        var hash = new string('0', 64);

        var result = await _wallet.RunAsync("tx", "status", hash);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"error: NotFound: transaction {hash} is neither pending nor committed"], result.ErrorLines);
    }

    [Fact]
    public async Task Block_without_an_argument_shows_the_head_block_with_its_transactions()
    {
        await _wallet.ImportAsync(Alice);
        Assert.Equal(0, (await _wallet.RunAsync("send", "--to", PrivateKey.FromSeed("x").Address.ToString(), "--amount", "3EC")).ExitCode);

        var result = await _wallet.RunAsync("block");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains(_wallet.Node.Requests, r => r.Path == "/v1/block/41");
        Assert.Contains("height        41", result.Out, StringComparison.Ordinal);
        Assert.Contains("2026-11-18", result.Out, StringComparison.Ordinal);
        Assert.Contains(_wallet.Node.Submitted[0].Hash.ToString(), result.Out, StringComparison.Ordinal);
        Assert.Contains("Transfer 3 EC to", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Block_by_height_json_prints_the_nodes_block()
    {
        var result = await _wallet.RunAsync("block", "7", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(7UL, json.RootElement.GetProperty("height").GetUInt64());
        Assert.Equal("/v1/block/7", _wallet.Node.Requests.Single().Path);
    }

    [Fact]
    public async Task A_bad_node_url_is_a_usage_error()
    {
        var result = await _wallet.RunAsync("--node", "ftp://x", "block", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["error: invalid node URL 'ftp://x': expected http://HOST:PORT"], result.ErrorLines);
    }

    [Fact]
    public async Task Help_succeeds()
    {
        var result = await _wallet.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("send", result.Out, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task No_command_is_a_usage_error()
    {
        var result = await _wallet.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
    }

    [Fact]
    public void The_fake_node_view_matches_the_payload_types() =>
        Assert.NotNull(FakeNode.View(Transaction.Create(FakeNode.ChainId, Alice, 0, 0, new StakePayload(1))));
}
