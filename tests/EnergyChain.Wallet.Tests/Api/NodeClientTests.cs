using System.Net;
using EnergyChain.Wallet.Api;
using EnergyChain.Wallet.Tests.Support;

namespace EnergyChain.Wallet.Tests.Api;

public sealed class NodeClientTests
{
    private readonly FakeNode _node = new();

    private NodeClient Client(string url = "http://node.test:8645", string? token = null) =>
        new(new HttpClient(_node), new Uri(url), token);

    [Fact]
    public async Task Reads_the_status()
    {
        var status = await Client().GetStatusAsync();

        Assert.Equal(FakeNode.ChainId, NodeViews.ChainId(status));
        Assert.Equal(("GET", "/v1/status"), (_node.Requests[0].Method, _node.Requests[0].Path));
    }

    [Fact]
    public async Task Keeps_a_path_prefix_of_the_base_url_and_sends_the_token()
    {
        _node.On("GET", "/energychain/v1/account/ec00", HttpStatusCode.OK, "{}");

        await Client("http://node.test:8645/energychain", token: "s3cret").GetAccountAsync("ec00");

        Assert.Equal("/energychain/v1/account/ec00", _node.Requests[0].Path);
        Assert.Equal("Bearer s3cret", _node.Requests[0].Authorization);
    }

    [Fact]
    public async Task An_error_body_becomes_code_and_message()
    {
        _node.On("GET", "/v1/tx/abc", HttpStatusCode.BadRequest, FakeNode.ErrorBody("BadRequest", "a transaction hash is 64 hexadecimal characters"));

        var error = await Assert.ThrowsAsync<NodeApiException>(() => Client().GetTransactionAsync("abc"));
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("BadRequest", error.Code);
        Assert.Equal("BadRequest: a transaction hash is 64 hexadecimal characters", error.Message);
    }

    [Fact]
    public async Task Another_error_body_falls_back_to_the_http_status()
    {
        _node.On("GET", "/v1/status", HttpStatusCode.BadGateway, "<html>\nbad gateway\n</html>");

        var error = await Assert.ThrowsAsync<NodeApiException>(() => Client().GetStatusAsync());
        Assert.Equal("HTTP 502", error.Code);
        Assert.StartsWith("HTTP 502: Bad Gateway", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_json_in_a_success_answer_is_a_clear_error()
    {
        _node.On("GET", "/v1/status", HttpStatusCode.OK, "not json");

        var error = await Assert.ThrowsAsync<WalletException>(() => Client().GetStatusAsync());
        Assert.Contains("invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submits_the_hex_of_the_encoding()
    {
        var key = Core.Crypto.PrivateKey.FromSeed("client/submit");
        var tx = Core.Transactions.Transaction.Create(FakeNode.ChainId, key, 0, 0, new Core.Transactions.StakePayload(5));

        var answer = await Client().SubmitTransactionAsync(tx.Encoded.ToArray());

        Assert.Equal(tx.Hash.ToString(), NodeViews.String(answer, "hash", "answer"));
        Assert.Equal($"{{\"tx\":\"{Convert.ToHexStringLower(tx.Encoded)}\"}}", _node.Requests[0].Body);
    }

    [Fact]
    public async Task No_listener_means_cannot_reach_the_node()
    {
        var port = FreePort.Get();
        using var http = new HttpClient();
        var client = new NodeClient(http, new Uri($"http://127.0.0.1:{port}"));

        var error = await Assert.ThrowsAsync<WalletException>(() => client.GetStatusAsync());
        Assert.StartsWith($"cannot reach the node at http://127.0.0.1:{port}/: ", error.Message, StringComparison.Ordinal);
    }
}
