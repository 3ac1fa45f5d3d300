using System.Net;
using System.Text;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Wallet.Tests.Support;

/// <summary>
/// An in-memory stand-in for the node's HTTP API (docs/api.md), plugged into the wallet as its
/// <see cref="HttpMessageHandler"/>. Accepted transactions are decoded and kept; a transaction turns
/// "committed" after <see cref="PendingPolls"/> lookups. Routes can be overridden per test.
/// </summary>
internal sealed class FakeNode : HttpMessageHandler
{
    public const string ChainId = "energychain-wallet-test";

    private readonly Dictionary<string, Func<HttpRequestMessage, string?, (HttpStatusCode, string)>> _overrides = new();
    private readonly Dictionary<string, int> _lookups = new();
    private readonly List<(string Prefix, (HttpStatusCode, string) Answer)> _prefixOverrides = [];

    public List<(string Method, string Path, string? Body, string? Authorization)> Requests { get; } = [];

    /// <summary>The path and query of every request, in order (<see cref="Requests"/> has the paths only).</summary>
    public List<string> Uris { get; } = [];

    public List<Transaction> Submitted { get; } = [];

    /// <summary>Account answers by address: nonce and pending count (balance is fixed).</summary>
    public Dictionary<string, (ulong Nonce, ulong Pending)> Accounts { get; } = new();

    public ulong Height { get; set; } = 41;

    /// <summary>How many GET /v1/tx lookups answer "pending" before "committed".</summary>
    public int PendingPolls { get; set; }

    /// <summary>Answer <paramref name="method"/> <paramref name="path"/> with a fixed status and body.</summary>
    public void On(string method, string path, HttpStatusCode status, string body) =>
        _overrides[$"{method} {path}"] = (_, _) => (status, body);

    /// <summary>Answer <paramref name="method"/> <paramref name="path"/> with what <paramref name="answer"/> says at the time of the request.</summary>
    public void On(string method, string path, Func<(HttpStatusCode Status, string Body)> answer) =>
        _overrides[$"{method} {path}"] = (_, _) => answer();

    /// <summary>Answer every <paramref name="method"/> request whose path starts with <paramref name="prefix"/>.</summary>
    public void OnPrefix(string method, string prefix, HttpStatusCode status, string body) =>
        _prefixOverrides.Add(($"{method} {prefix}", (status, body)));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        var method = request.Method.Method;
        lock (Requests)
        {
            Requests.Add((method, path, body, request.Headers.Authorization?.ToString()));
            Uris.Add(request.RequestUri.PathAndQuery);
        }

        var key = $"{method} {path}";
        var (status, json) = _overrides.TryGetValue(key, out var handler)
            ? handler(request, body)
            : _prefixOverrides.FirstOrDefault(o => key.StartsWith(o.Prefix, StringComparison.Ordinal)) is { Prefix: not null } prefixed
                ? prefixed.Answer
                : Route(method, path, body);
        return new HttpResponseMessage(status)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
            RequestMessage = request,
        };
    }

    private (HttpStatusCode, string) Route(string method, string path, string? body)
    {
        if (method == "GET" && path == "/v1/status")
        {
            return Ok(new { chainId = ChainId, engine = "single", genesisHash = new string('a', 64), height = Height, finalizedHeight = Height, headHash = new string('b', 64), stateRoot = new string('c', 64), peers = 0, mempool = new { count = 0, bytes = 0 }, nodeAddress = "" });
        }

        if (method == "GET" && path.StartsWith("/v1/account/", StringComparison.Ordinal))
        {
            var address = path["/v1/account/".Length..];
            var (nonce, pending) = Accounts.GetValueOrDefault(address);
            return Ok(new { address, balance = 1_500_000_000UL, nonce, stake = 250_000UL, slashedTotal = 0UL, pendingCount = pending });
        }

        if (method == "POST" && path == "/v1/tx")
        {
            using var document = JsonDocument.Parse(body!);
            var tx = Transaction.Decode(Convert.FromHexString(document.RootElement.GetProperty("tx").GetString()!));
            lock (Submitted)
            {
                Submitted.Add(tx);
            }

            return (HttpStatusCode.Accepted, JsonSerializer.Serialize(new { hash = tx.Hash.ToString(), status = "pending" }));
        }

        if (method == "GET" && path.StartsWith("/v1/tx/", StringComparison.Ordinal))
        {
            var hash = path["/v1/tx/".Length..];
            var tx = Submitted.FirstOrDefault(t => t.Hash.ToString() == hash);
            if (tx is null)
            {
                return Error(HttpStatusCode.NotFound, "NotFound", $"transaction {hash} is neither pending nor committed");
            }

            var seen = _lookups[hash] = _lookups.GetValueOrDefault(hash) + 1;
            return seen <= PendingPolls
                ? Ok(new { hash, status = "pending", tx = View(tx) })
                : Ok(new { hash, status = "committed", height = Height + 1, index = 0, tx = View(tx) });
        }

        if (method == "GET" && path.StartsWith("/v1/block/", StringComparison.Ordinal))
        {
            var id = path["/v1/block/".Length..];
            var height = ulong.TryParse(id, out var h) ? h : Height;
            return Ok(new
            {
                height,
                hash = new string('d', 64),
                parentHash = new string('e', 64),
                timestamp = 1_795_000_000_000L,
                slot = height,
                producer = "02" + new string('1', 64),
                txRoot = new string('f', 64),
                stateRoot = new string('c', 64),
                txCount = Submitted.Count,
                transactions = Submitted.Select(View).ToArray(),
            });
        }

        return Error(HttpStatusCode.NotFound, "NotFound", $"no route {method} {path}");
    }

    public static object View(Transaction tx) => new
    {
        hash = tx.Hash.ToString(),
        chainId = tx.ChainId,
        type = tx.Type.ToString(),
        sender = tx.Sender.ToString(),
        from = tx.SenderAddress.ToString(),
        nonce = tx.Nonce,
        fee = tx.Fee,
        payload = tx.Payload switch
        {
            TransferPayload t => (object)new { to = t.To.ToString(), amount = t.Amount },
            StakePayload s => new { amount = s.Amount },
            UnstakePayload u => new { amount = u.Amount },
            EnergyReportPayload e => new { marketSlot = e.MarketSlot, productionWh = e.ProductionWh, consumptionWh = e.ConsumptionWh, minSellMicroPerWh = e.MinSellMicroPerWh, maxBuyMicroPerWh = e.MaxBuyMicroPerWh },
            MeterReadingPayload m => new { household = m.Household.ToString(), marketSlot = m.MarketSlot, producedWh = m.ProducedWh, consumedWh = m.ConsumedWh },
            V2vIntentPayload i => new { hour = i.Hour, side = i.Side == V2vSide.Sell ? "sell" : "buy", energyWh = i.EnergyWh, priceMicroPerWh = i.PriceMicroPerWh, site = i.Site, availableFromHour = i.AvailableFromHour, availableUntilHour = i.AvailableUntilHour },
            V2vDeliveryPayload d => new { hour = d.Hour, counterparty = d.Counterparty.ToString(), energyWh = d.EnergyWh },
            EvReportPayload v => new { socPpm = v.SocPpm, maxSocPpm = v.MaxSocPpm, chargedWh = v.ChargedWh, dischargedWh = v.DischargedWh, departing = v.Departing },
            _ => new { },
        },
    };

    public static string ErrorBody(string code, string message) =>
        JsonSerializer.Serialize(new { error = new { code, message } });

    private static (HttpStatusCode, string) Ok(object value) => (HttpStatusCode.OK, JsonSerializer.Serialize(value));

    private static (HttpStatusCode, string) Error(HttpStatusCode status, string code, string message) => (status, ErrorBody(code, message));

    /// <summary>Verifies the signature the way a node does.</summary>
    public static bool HasValidSignature(Transaction tx) =>
        CryptoBackends.Default.Verify(tx.Sender.Span, tx.SigningHash.ToArray(), tx.Signature);
}
