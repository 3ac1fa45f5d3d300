using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Node.Tests.Api;
using EnergyChain.Rpc.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace EnergyChain.Node.Tests.Grpc;

/// <summary>The gRPC API of a real node process on loopback (ApiFixture starts it with a free gRPC port).</summary>
public sealed class NodeGrpcTests : IClassFixture<ApiFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly ApiFixture _fixture;
    private readonly GrpcChannel _channel;
    private readonly Rpc.V1.Node.NodeClient _client;

    public NodeGrpcTests(ApiFixture fixture)
    {
        _fixture = fixture;
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{fixture.Node.GrpcPort}");
        _client = new Rpc.V1.Node.NodeClient(_channel);
    }

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task Status_matches_the_http_api_and_names_it()
    {
        var status = await _client.GetStatusAsync(new GetStatusRequest());
        var http = await _fixture.Node.GetJsonAsync("v1/status");
        Assert.Equal(ApiFixture.ChainId, status.ChainId);
        Assert.Equal("single", status.Engine);
        Assert.Equal(http.GetProperty("genesisHash").GetString(), Convert.ToHexStringLower(status.GenesisHash.Span));
        Assert.Equal(http.GetProperty("nodeAddress").GetString(), status.NodeAddress);
        Assert.Equal($"http://127.0.0.1:{_fixture.Node.Port}", status.HttpApi);
        Assert.Equal(32, status.HeadHash.Length);
    }

    [Fact]
    public async Task Account_and_bad_address()
    {
        var account = await _client.GetAccountAsync(new GetAccountRequest { Address = _fixture.Funded.Address.ToString() });
        Assert.Equal(_fixture.Funded.Address.ToString(), account.Address);
        Assert.True(account.Balance > 0);

        var e = await Assert.ThrowsAsync<RpcException>(async () => await _client.GetAccountAsync(new GetAccountRequest { Address = "not-an-address" }));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith("BadRequest: ", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blocks_by_height_hash_and_latest_and_not_found()
    {
        var genesis = await _client.GetBlockAsync(new GetBlockRequest { Height = 0 });
        Assert.Equal(0UL, genesis.Height);
        Assert.True(genesis.Producer.IsEmpty);
        var byHash = await _client.GetBlockAsync(new GetBlockRequest { Hash = genesis.Hash });
        Assert.Equal(genesis.Hash, byHash.Hash);
        var latest = await _client.GetBlockAsync(new GetBlockRequest());
        Assert.True(latest.Height >= genesis.Height);

        var missing = await Assert.ThrowsAsync<RpcException>(async () => await _client.GetBlockAsync(new GetBlockRequest { Height = 99_999_999 }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal("NotFound: no block 99999999", missing.Status.Detail);

        var badHash = await Assert.ThrowsAsync<RpcException>(async () => await _client.GetBlockAsync(new GetBlockRequest { Hash = ByteString.CopyFrom(1, 2, 3) }));
        Assert.Equal(StatusCode.InvalidArgument, badHash.StatusCode);
    }

    [Fact]
    public async Task Submit_maps_refusals_to_statuses_with_the_http_codes()
    {
        var sender = await FundedSenderAsync(10_000_000);
        var bob = PrivateKey.Generate().Address;

        var tx = Transaction.Create(ApiFixture.ChainId, sender, 0, 0, new TransferPayload(bob, 1));
        var reply = await _client.SubmitAsync(Request(tx.Encoded.ToArray()));
        Assert.Equal(tx.Hash.ToArray(), reply.Hash.ToByteArray());
        Assert.Equal(Rpc.V1.TxStatus.Pending, reply.Status);
        Assert.False(reply.AlreadyKnown);
        try
        {
            Assert.True((await _client.SubmitAsync(Request(tx.Encoded.ToArray()))).AlreadyKnown);
        }
        catch (RpcException committed) when (committed.Status.Detail.StartsWith("NonceTooLow: ", StringComparison.Ordinal))
        {
            // A block (every 100 ms) committed it in between: the same transaction is now a replay.
            Assert.Equal(StatusCode.FailedPrecondition, committed.StatusCode);
        }

        await AssertRefused(Transaction.Create("another-chain", sender, 1, 0, new TransferPayload(bob, 1)).Encoded.ToArray(), StatusCode.InvalidArgument, "WrongChainId");
        await AssertRefused([1, 2], StatusCode.InvalidArgument, "Malformed");
        await AssertRefused(Transaction.Create(ApiFixture.ChainId, sender, 1, 0, new TransferPayload(bob, 1_000_000_000_000)).Encoded.ToArray(), StatusCode.FailedPrecondition, "InsufficientBalance");

        // Another transfer at nonce 0: underpriced while the first is pending, a replay once it is committed.
        var again = Transaction.Create(ApiFixture.ChainId, sender, 0, 0, new TransferPayload(bob, 2)).Encoded.ToArray();
        var e = await Assert.ThrowsAsync<RpcException>(async () => await _client.SubmitAsync(Request(again)));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Matches("^(ReplacementUnderpriced|NonceTooLow): ", e.Status.Detail);
    }

    [Fact]
    public async Task A_message_over_the_http_body_limit_is_resource_exhausted_and_the_node_keeps_serving()
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await _client.SubmitAsync(Request(new byte[600 * 1024])));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Equal(ApiFixture.ChainId, (await _client.GetStatusAsync(new GetStatusRequest())).ChainId);
    }

    [Fact]
    public async Task Submit_stream_counts_accepted_known_and_refused()
    {
        var sender = await FundedSenderAsync(10_000_000);
        var bob = PrivateKey.Generate().Address;
        using var call = _client.SubmitStream();
        for (ulong nonce = 0; nonce < 3; nonce++)
        {
            await call.RequestStream.WriteAsync(Request(Transaction.Create(ApiFixture.ChainId, sender, nonce, 0, new TransferPayload(bob, 1)).Encoded.ToArray()));
        }

        await call.RequestStream.WriteAsync(Request(Transaction.Create(ApiFixture.ChainId, sender, 0, 0, new TransferPayload(bob, 1)).Encoded.ToArray()));
        await call.RequestStream.WriteAsync(Request([9, 9, 9]));
        await call.RequestStream.WriteAsync(Request(Transaction.Create("another-chain", sender, 3, 0, new TransferPayload(bob, 1)).Encoded.ToArray()));
        await call.RequestStream.CompleteAsync();
        var reply = await call;

        Assert.Equal(3UL, reply.Accepted);
        Assert.Equal(1UL, reply.AlreadyKnown);
        Assert.Equal(2UL, reply.Refused);
        Assert.Equal(new[] { (4UL, "Malformed"), (5UL, "WrongChainId") }, reply.Refusals.Select(r => (r.Index, r.Code)));
        Assert.All(reply.Refusals, r => Assert.NotEmpty(r.Message));
    }

    [Fact]
    public async Task Subscribe_blocks_replays_from_a_height_then_follows_new_blocks()
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var call = _client.SubscribeBlocks(new SubscribeBlocksRequest { FromHeight = 0 }, cancellationToken: cts.Token);
        Assert.True(await call.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(0UL, call.ResponseStream.Current.Height);

        var sender = await FundedSenderAsync(1_000);
        var expected = 1UL;
        while (true)
        {
            Assert.True(await call.ResponseStream.MoveNext(cts.Token));
            var block = call.ResponseStream.Current;
            Assert.Equal(expected++, block.Height); // replayed and live blocks alike, in order, none missing
            if (block.TxCount > 0)
            {
                var full = await _client.GetBlockAsync(new GetBlockRequest { Height = block.Height });
                if (full.Transactions.Any(bytes => Transaction.Decode(bytes.Span).Sender.Address == _fixture.Funded.Address
                    && Transaction.Decode(bytes.Span).Payload is TransferPayload t && t.To == sender.Address))
                {
                    Assert.Equal(block.Hash, full.Hash);
                    return;
                }
            }
        }
    }

    [Fact]
    public async Task Subscribe_market_on_an_engine_without_a_market_is_not_found()
    {
        using var call = _client.SubscribeMarket(new SubscribeMarketRequest());
        var e = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.StartsWith("NotFound: the single engine runs no market", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_grpc_port_serves_no_http_api()
    {
        using var http = new HttpClient { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await http.PostAsync(
            new Uri($"http://127.0.0.1:{_fixture.Node.GrpcPort}/v1/tx"), new StringContent("{\"tx\":\"00\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    private static SubmitRequest Request(byte[] tx) => new() { Tx = ByteString.CopyFrom(tx) };

    private async Task AssertRefused(byte[] tx, StatusCode status, string code)
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await _client.SubmitAsync(Request(tx)));
        Assert.Equal(status, e.StatusCode);
        Assert.StartsWith($"{code}: ", e.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>A fresh key funded from the fixture's over gRPC, so tests do not share nonces; waits until committed.</summary>
    private async Task<PrivateKey> FundedSenderAsync(ulong amount)
    {
        var key = PrivateKey.Generate();
        Transaction? funding = null;
        for (var attempt = 0; funding is null; attempt++)
        {
            var account = await _client.GetAccountAsync(new GetAccountRequest { Address = _fixture.Funded.Address.ToString() });
            var tx = Transaction.Create(ApiFixture.ChainId, _fixture.Funded, account.Nonce + account.PendingCount, 0, new TransferPayload(key.Address, amount));
            try
            {
                await _client.SubmitAsync(Request(tx.Encoded.ToArray()));
                funding = tx;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition && attempt < 20)
            {
                // Another test of this class took that nonce at the same moment: read the account again.
            }
        }

        await _fixture.Node.WaitUntilAsync(
            async () => (await _client.GetAccountAsync(new GetAccountRequest { Address = key.Address.ToString() })).Balance == amount,
            Timeout,
            "the funding transfer to commit");
        return key;
    }
}
