using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EnergyChain.Wallet.Api;

/// <summary>
/// The node's HTTP API (docs/api.md) over <see cref="HttpClient"/>. Answers are returned as JSON elements so
/// <c>--json</c> can print exactly what the node said; <see cref="NodeViews"/> reads the fields the wallet
/// needs. Failures are <see cref="WalletException"/>s: "cannot reach the node at URL: ..." when there is no
/// answer, <see cref="NodeApiException"/> for an error body.
/// </summary>
internal sealed class NodeClient : INodeApi
{
    private readonly HttpClient _http;
    private readonly string? _token;

    public NodeClient(HttpClient http, Uri baseAddress, string? token = null)
    {
        _http = http;
        _token = token;
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    }

    public Uri BaseAddress { get; }

    public Task<JsonElement> GetStatusAsync(CancellationToken ct = default) => SendAsync(HttpMethod.Get, "v1/status", null, ct);

    public Task<JsonElement> GetAccountAsync(string address, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "v1/account/" + Uri.EscapeDataString(address), null, ct);

    public Task<JsonElement> GetTransactionAsync(string hash, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "v1/tx/" + Uri.EscapeDataString(hash), null, ct);

    /// <summary><c>GET /v1/consensus</c>: the engine's view (posoc: hour, round, mLAG, scores).</summary>
    public Task<JsonElement> GetConsensusAsync(CancellationToken ct = default) => SendAsync(HttpMethod.Get, "v1/consensus", null, ct);

    /// <summary><c>GET /v1/model?weights=true</c>: the posoc chain's global model with its Q16.16 weights.</summary>
    public Task<JsonElement> GetModelAsync(CancellationToken ct = default) => SendAsync(HttpMethod.Get, "v1/model?weights=true", null, ct);

    /// <summary>
    /// <c>GET /v1/market/{slot}/{address}</c> (poeg): one household's order, coalition, trades and settlement in a
    /// market slot; 404 <c>NotFound</c> when it took no part or the slot has not cleared.
    /// </summary>
    public Task<JsonElement> GetMarketAsync(ulong slot, string address, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, $"v1/market/{slot.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(address)}", null, ct);

    /// <summary>
    /// <c>GET /v1/v2v/{hour}</c> (posoc): one hour of V2V trading, its state (open, matched, settled), every
    /// intent and every trade with its delivery reports and settlement.
    /// </summary>
    public Task<JsonElement> GetV2vHourAsync(ulong hour, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, $"v1/v2v/{hour.ToString(CultureInfo.InvariantCulture)}", null, ct);

    /// <summary><c>GET /v1/v2v/ev/{address}?hours=N</c> (posoc): one EV's V2V trades of the last N hours with totals.</summary>
    public Task<JsonElement> GetV2vTradesAsync(string address, int hours, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, $"v1/v2v/ev/{Uri.EscapeDataString(address)}?hours={hours.ToString(CultureInfo.InvariantCulture)}", null, ct);

    /// <summary><c>GET /v1/members</c>: the member set, open proposals with their tally, pending changes and the rules.</summary>
    public Task<JsonElement> GetMembersAsync(CancellationToken ct = default) => SendAsync(HttpMethod.Get, "v1/members", null, ct);

    /// <summary>A block by height or hash.</summary>
    public Task<JsonElement> GetBlockAsync(string id, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "v1/block/" + Uri.EscapeDataString(id), null, ct);

    /// <summary>Submits a signed transaction; the answer is <c>{"hash","status":"pending"}</c>.</summary>
    public Task<JsonElement> SubmitTransactionAsync(byte[] encoded, CancellationToken ct = default)
    {
        var body = JsonSerializer.Serialize(new { tx = Convert.ToHexStringLower(encoded) });
        return SendAsync(HttpMethod.Post, "v1/tx", body, ct);
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? jsonBody, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }

        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        string text;
        try
        {
            response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(Innermost(e).Message, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw Unreachable($"no answer within {_http.Timeout.TotalSeconds:0} s", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw ErrorFrom(response, text);
            }

            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new WalletException($"the node at {BaseAddress} answered {method} /{path} with invalid JSON: {e.Message}", inner: e);
            }
        }
    }

    private WalletException Unreachable(string reason, Exception inner) =>
        new($"cannot reach the node at {BaseAddress}: {reason}", inner: inner);

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null && e.InnerException.Message.Length > 0)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static NodeApiException ErrorFrom(HttpResponseMessage response, string text)
    {
        var status = (int)response.StatusCode;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                return new NodeApiException(status, code.GetString()!, message.GetString()!);
            }
        }
        catch (JsonException)
        {
            // Not the API's error shape (a proxy, another server): fall through to the HTTP status.
        }

        var reason = response.ReasonPhrase is { Length: > 0 } phrase ? phrase : "error";
        var snippet = text.Trim();
        if (snippet.Length > 200)
        {
            snippet = snippet[..200] + "...";
        }

        return new NodeApiException(status, $"HTTP {status}", snippet.Length > 0 ? $"{reason}: {snippet}" : reason);
    }
}
