using System.Net;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Wallet.Tests.Support;
using Grpc.Core;

namespace EnergyChain.Wallet.Tests.Commands;

/// <summary>The wallet's default path: gRPC to <c>--node</c> (a <see cref="FakeGrpcNode"/>), HTTP only for views gRPC lacks.</summary>
public sealed class GrpcCommandTests : IAsyncLifetime, IDisposable
{
    private static readonly PrivateKey Alice = PrivateKey.FromSeed("grpc/alice");
    private static readonly PrivateKey Bob = PrivateKey.FromSeed("grpc/bob");
    private readonly WalletHarness _wallet = new() { Http = false };
    private FakeGrpcNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await FakeGrpcNode.StartAsync();
        _wallet.Variables["ECW_NODE"] = _node.Address;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    public void Dispose() => _wallet.Dispose();

    [Fact]
    public async Task Balance_goes_over_grpc_alone()
    {
        _node.Accounts[Alice.Address.ToString()] = (2_500_000, 3, 0);

        var result = await _wallet.RunAsync("--json", "balance", Alice.Address.ToString());

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("\"balance\": 2500000", result.Out, StringComparison.Ordinal);
        Assert.Equal(["GetAccount"], _node.Calls);
        Assert.Empty(_wallet.Node.Requests);
    }

    [Fact]
    public async Task Send_signs_with_the_chain_id_and_next_nonce_from_grpc_and_submits_over_grpc()
    {
        await _wallet.ImportAsync(Alice);
        _node.Accounts[Alice.Address.ToString()] = (10_000_000, 5, 2);

        var result = await _wallet.RunAsync("send", "--to", Bob.Address.ToString(), "--amount", "1.5EC", "--fee", "10");

        Assert.True(result.ExitCode == 0, result.Error);
        var tx = Assert.Single(_node.Submitted);
        Assert.Equal(FakeNode.ChainId, tx.ChainId);
        Assert.Equal(7UL, tx.Nonce);
        Assert.Equal(new TransferPayload(Bob.Address, 1_500_000), tx.Payload);
        Assert.Contains(tx.Hash.ToString(), result.Out, StringComparison.Ordinal);
        Assert.Equal(["GetStatus", "GetAccount", "Submit"], _node.Calls);
        Assert.Equal([null], _node.Authorizations);
        Assert.Empty(_wallet.Node.Requests);
    }

    [Fact]
    public async Task Send_wait_looks_the_transaction_up_on_the_http_api_the_node_reports()
    {
        await _wallet.ImportAsync(Alice);
        _node.OnSubmitted = _wallet.Node.Submitted.Add;

        var result = await _wallet.RunAsync("send", "--to", Bob.Address.ToString(), "--amount", "1EC", "--wait");

        Assert.True(result.ExitCode == 0, result.Error);
        var tx = Assert.Single(_node.Submitted);
        Assert.Contains("committed at height", result.Out, StringComparison.Ordinal);
        Assert.Equal($"GET /v1/tx/{tx.Hash}", Assert.Single(_wallet.Node.Requests.Select(r => $"{r.Method} {r.Path}")));
    }

    [Fact]
    public async Task The_token_travels_as_bearer_metadata_on_writes()
    {
        await _wallet.ImportAsync(Alice);

        var result = await _wallet.RunAsync("--token", "s3cret", "send", "--to", Bob.Address.ToString(), "--amount", "1EC");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(["Bearer s3cret"], _node.Authorizations);
    }

    [Fact]
    public async Task Block_is_read_over_grpc_and_its_transactions_decoded()
    {
        var tx = Transaction.Create(FakeNode.ChainId, Alice, 4, 100, new TransferPayload(Bob.Address, 2_000_000));
        _node.BlockTransactions.Add(tx);

        var result = await _wallet.RunAsync("block");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("41", result.Out, StringComparison.Ordinal);
        Assert.Contains(tx.Hash.ToString(), result.Out, StringComparison.Ordinal);
        Assert.Contains($"Transfer 2 EC to {Bob.Address}", result.Out, StringComparison.Ordinal);
        Assert.Equal(["GetStatus", "GetBlock"], _node.Calls);

        var missing = await _wallet.RunAsync("block", "7");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal(["error: NotFound: no block 7"], missing.ErrorLines);
    }

    [Fact]
    public async Task A_refusal_reads_exactly_as_over_http()
    {
        const string reason = "balance 0 does not cover amount 1500000 plus fee 0";
        await _wallet.ImportAsync(Alice);
        _node.Refusal = (StatusCode.FailedPrecondition, $"InsufficientBalance: {reason}");
        var grpc = await _wallet.RunAsync("send", "--to", Bob.Address.ToString(), "--amount", "1.5EC");

        _wallet.Http = true;
        _wallet.Node.On("POST", "/v1/tx", HttpStatusCode.BadRequest, FakeNode.ErrorBody("InsufficientBalance", reason));
        var http = await _wallet.RunAsync("send", "--to", Bob.Address.ToString(), "--amount", "1.5EC");

        Assert.Equal(1, grpc.ExitCode);
        Assert.Equal([$"error: InsufficientBalance: {reason}"], grpc.ErrorLines);
        Assert.Equal(http.ExitCode, grpc.ExitCode);
        Assert.Equal(http.ErrorLines, grpc.ErrorLines);
        Assert.Empty(grpc.Out);
    }

    [Fact]
    public async Task A_bad_node_address_is_a_usage_error()
    {
        var result = await _wallet.RunAsync("--node", "ftp://x", "balance", Alice.Address.ToString());

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: invalid node address 'ftp://x': expected the gRPC endpoint HOST:PORT", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_node_is_a_clear_error()
    {
        var port = FreePort.Get();
        var result = await _wallet.RunAsync("--node", $"127.0.0.1:{port}", "balance", Alice.Address.ToString());

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: cannot reach the node at http://127.0.0.1:{port}/: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
