using System.Net;
using System.Text;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Node.Tests.Api;

public sealed class ApiTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _fixture;

    public ApiTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    private HttpClient Http => _fixture.Node.Http;

    public static TheoryData<string, string, string> MalformedPosts() => new()
    {
        { "{not json", "BadRequest", "bad JSON" },
        { "[1,2]", "BadRequest", "wrong shape" },
        { "{\"tx\": 5}", "BadRequest", "tx not a string" },
        { "{\"tx\": \"xyz\"}", "BadRequest", "bad hex" },
        { "{\"tx\": \"0102\"}", "Malformed", "truncated transaction" },
    };

    [Theory]
    [MemberData(nameof(MalformedPosts))]
    public async Task Malformed_submissions_get_4xx_with_an_error_body(string body, string code, string because)
    {
        using var response = await Http.PostAsync("v1/tx", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, because);
        Assert.Equal(code, await ErrorCode(response));
        await AssertStillServing();
    }

    [Fact]
    public async Task Oversized_body_is_413_with_an_error_body()
    {
        var body = "{\"tx\":\"" + new string('a', 600 * 1024) + "\"}";
        using var response = await Http.PostAsync("v1/tx", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("PayloadTooLarge", await ErrorCode(response));
        await AssertStillServing();
    }

    [Fact]
    public async Task Bad_signature_and_wrong_chain_are_refused_with_their_reason()
    {
        var bob = PrivateKey.Generate().Address;
        var wrongChain = Transaction.Create("another-chain", _fixture.Funded, 0, 0, new TransferPayload(bob, 1));
        var (status, body) = await _fixture.Node.PostJsonAsync("v1/tx", new { tx = Convert.ToHexStringLower(wrongChain.Encoded) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("WrongChainId", body.GetProperty("error").GetProperty("code").GetString());

        var bytes = Transaction.Create(ApiFixture.ChainId, _fixture.Funded, 0, 0, new TransferPayload(bob, 1)).Encoded.ToArray();
        bytes[^3] ^= 0x55;
        (status, body) = await _fixture.Node.PostJsonAsync("v1/tx", new { tx = Convert.ToHexStringLower(bytes) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BadSignature", body.GetProperty("error").GetProperty("code").GetString());
        await AssertStillServing();
    }

    [Theory]
    [InlineData("v1/account/not-an-address", HttpStatusCode.BadRequest, "BadRequest")]
    [InlineData("v1/account/ec0000000000000000000000000000000000000000deadbeef", HttpStatusCode.BadRequest, "BadRequest")]
    [InlineData("v1/tx/1234", HttpStatusCode.BadRequest, "BadRequest")]
    [InlineData("v1/tx/0000000000000000000000000000000000000000000000000000000000000000", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("v1/block/99999999", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("v1/block/latest-ish", HttpStatusCode.BadRequest, "BadRequest")]
    [InlineData("v1/nothing-here", HttpStatusCode.NotFound, "NotFound")]
    public async Task Bad_lookups_get_typed_errors(string path, HttpStatusCode expected, string code)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(code, await ErrorCode(response));
    }

    [Fact]
    public async Task System_contracts_are_served_and_unknown_contracts_are_not_found()
    {
        var trading = await _fixture.Node.GetJsonAsync("v1/contract/ec0000000000000000000000000000000000000001e9ff0e6e");
        Assert.Equal("trading", trading.GetProperty("system").GetString());
        Assert.Equal(64, trading.GetProperty("codeHash").GetString()!.Length);
        Assert.True(trading.GetProperty("codeSize").GetInt32() > 0);

        using var response = await Http.GetAsync($"v1/contract/{_fixture.Funded.Address}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NotFound", await ErrorCode(response));
    }

    [Fact]
    public async Task A_contract_call_through_the_api_is_executed_by_the_node()
    {
        const string penalty = "ec00000000000000000000000000000000000000030a74ea29";
        var account = await _fixture.Node.GetJsonAsync($"v1/account/{_fixture.Funded.Address}");
        var nonce = account.GetProperty("nonce").GetUInt64() + account.GetProperty("pendingCount").GetUInt64();
        var call = new ContractCallPayload(Address.Parse(penalty), 0, [], 1_234, 100_000); // penalty.deposit()
        var tx = Transaction.Create(ApiFixture.ChainId, _fixture.Funded, nonce, 0, call);
        var (status, _) = await _fixture.Node.PostJsonAsync("v1/tx", new { tx = Convert.ToHexStringLower(tx.Encoded) });
        Assert.Equal(HttpStatusCode.Accepted, status);
        await _fixture.Node.WaitUntilAsync(
            async () => (await _fixture.Node.GetJsonAsync($"v1/contract/{penalty}")).GetProperty("balance").GetUInt64() >= 1_234,
            TimeSpan.FromSeconds(30),
            "the deposit reached the penalty contract");
        var committed = await _fixture.Node.GetJsonAsync($"v1/tx/{tx.Hash}");
        Assert.Contains(committed.GetProperty("status").GetString(), new[] { "committed", "final" });
    }

    [Fact]
    public async Task Genesis_block_status_consensus_metrics_and_openapi_are_served()
    {
        var block = await _fixture.Node.GetJsonAsync("v1/block/0");
        Assert.Equal(0, block.GetProperty("height").GetInt32());
        var byHash = await _fixture.Node.GetJsonAsync($"v1/block/{block.GetProperty("hash").GetString()}");
        Assert.Equal(block.GetProperty("stateRoot").GetString(), byHash.GetProperty("stateRoot").GetString());

        var status = await _fixture.Node.GetJsonAsync("v1/status");
        Assert.Equal(ApiFixture.ChainId, status.GetProperty("chainId").GetString());
        Assert.Equal("single", status.GetProperty("engine").GetString());

        var consensus = await _fixture.Node.GetJsonAsync("v1/consensus");
        Assert.Equal(status.GetProperty("nodeAddress").GetString(), consensus.GetProperty("members")[0].GetProperty("address").GetString());

        var metrics = await Http.GetStringAsync("metrics");
        Assert.Contains("# TYPE energychain_height gauge", metrics);
        Assert.Contains("energychain_transactions_committed_total", metrics);
        Assert.Contains("energychain_block_apply_seconds_count", metrics);
        Assert.Contains("# TYPE dotnet_gc_pause_seconds_total counter", metrics);
        Assert.Contains("dotnet_gc_collections_total{generation=\"2\"} ", metrics);
        Assert.Matches(@"(?m)^dotnet_gc_heap_bytes [1-9][0-9]*$", metrics);

        using var openapi = JsonDocument.Parse(await Http.GetStringAsync("openapi.json"));
        Assert.Equal("3.0.3", openapi.RootElement.GetProperty("openapi").GetString());
        foreach (var path in new[] { "/v1/status", "/v1/tx", "/v1/tx/{hash}", "/v1/block/{id}", "/v1/account/{address}", "/v1/consensus", "/v1/events", "/metrics" })
        {
            Assert.True(openapi.RootElement.GetProperty("paths").TryGetProperty(path, out _), path);
        }
    }

    [Fact]
    public async Task Event_stream_announces_committed_blocks()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/events");
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        var account = await _fixture.Node.GetJsonAsync($"v1/account/{_fixture.Funded.Address}");
        var nonce = account.GetProperty("nonce").GetUInt64() + account.GetProperty("pendingCount").GetUInt64();
        var tx = Transaction.Create(ApiFixture.ChainId, _fixture.Funded, nonce, 0, new EnergyReportPayload(0, 7_450, 12_410));
        var (status, _) = await _fixture.Node.PostJsonAsync("v1/tx", new { tx = Convert.ToHexStringLower(tx.Encoded) });
        Assert.Equal(HttpStatusCode.Accepted, status);

        string? line;
        while ((line = await reader.ReadLineAsync(cancel.Token)) is not null)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var evt = JsonDocument.Parse(line[6..]);
                Assert.True(evt.RootElement.GetProperty("height").GetUInt64() > 0);
                Assert.True(evt.RootElement.GetProperty("txCount").GetInt32() > 0);
                break;
            }
        }

        Assert.NotNull(line);
        var committed = await _fixture.Node.GetJsonAsync($"v1/tx/{tx.Hash}");
        Assert.Equal("EnergyReport", committed.GetProperty("tx").GetProperty("type").GetString());
        Assert.Equal(12_410UL, committed.GetProperty("tx").GetProperty("payload").GetProperty("consumptionWh").GetUInt64());
    }

    private static async Task<string?> ErrorCode(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").GetProperty("code").GetString();
    }

    private async Task AssertStillServing()
    {
        using var response = await Http.GetAsync("v1/status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
