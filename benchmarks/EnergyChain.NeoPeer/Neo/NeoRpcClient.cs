using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace EnergyChain.NeoPeer.Neo;

/// <summary>A minimal Neo JSON-RPC 2.0 client over one keep-alive connection pool.</summary>
internal sealed class NeoRpcClient : IDisposable
{
    private static readonly System.Net.Http.Headers.MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _http;

    public NeoRpcClient(Uri endpoint, int connections = 16)
    {
        Endpoint = endpoint;
        _http = new HttpClient(
            new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false, UseCookies = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = endpoint,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public Uri Endpoint { get; }

    /// <summary>Calls <paramref name="method"/>; a JSON-RPC error becomes a <see cref="NeoRpcException"/>.</summary>
    public async Task<JsonElement> CallAsync(string method, object[] parameters, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { jsonrpc = "2.0", id = 1, method, @params = parameters });
        return Result(await PostAsync(body, cancellationToken), method);
    }

    /// <summary>
    /// Sends a request body encoded beforehand (the load is pre-encoded so the generator costs little per transfer).
    /// Returns null when admitted, else the node's error message (e.g. "AlreadyExists", "OutOfMemory" when the pool is full).
    /// </summary>
    public async Task<string?> SendRawAsync(byte[] body, CancellationToken cancellationToken = default)
    {
        var answer = await PostAsync(body, cancellationToken);
        return answer.TryGetProperty("error", out var error) ? error.GetProperty("message").GetString() ?? "error" : null;
    }

    public static byte[] SendRawTransactionBody(byte[] transaction) =>
        Encoding.UTF8.GetBytes($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sendrawtransaction\",\"params\":[\"{Convert.ToBase64String(transaction)}\"]}}");

    public async Task<long> BlockCountAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync("getblockcount", [], cancellationToken)).GetInt64();

    /// <summary>The GAS balance of a script hash ("0x..."), read through balanceOf (no token-tracker plugin needed).</summary>
    public async Task<long> GasBalanceAsync(string gasHash, string account, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync("invokefunction", [gasHash, "balanceOf", new object[] { new { type = "Hash160", value = account } }], cancellationToken);
        return long.Parse(result.GetProperty("stack")[0].GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonType;
        using var response = await _http.PostAsync((Uri?)null, content, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    private JsonElement Result(JsonElement answer, string method) =>
        answer.TryGetProperty("error", out var error)
            ? throw new NeoRpcException($"{Endpoint} {method}: {error}")
            : answer.GetProperty("result");
}
