using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Node.Devnet;

/// <summary>
/// Signs and posts the simulated participants' transactions (households, EVs) to their own node's API, keeping
/// each one's next nonce (resynchronised from the node when a nonce was taken by the node's own transactions).
/// </summary>
internal sealed class DevnetTxSender(IReadOnlyList<(DevnetNodePlan Plan, PrivateKey Key)> participants, string chainId)
{
    private const ulong Fee = 1_000;
    private readonly ulong?[] _nextNonce = new ulong?[participants.Count];

    public int Count => participants.Count;

    public Uri Api(int index) => new(participants[index].Plan.ApiUrl + "/");

    public async Task<JsonElement> GetAsync(HttpClient http, int index, string path, CancellationToken stop)
    {
        using var response = await http.GetAsync(new Uri(Api(index), path), stop).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<JsonElement>(stop).ConfigureAwait(false);
    }

    /// <summary>Signs and posts one transaction; null when the node took it, else its refusal.</summary>
    public async Task<string?> SubmitAsync(HttpClient http, int index, TxPayload payload, CancellationToken stop)
    {
        _nextNonce[index] ??= await NonceAsync(http, index, stop).ConfigureAwait(false);
        var tx = Transaction.Create(chainId, participants[index].Key, _nextNonce[index]!.Value, Fee, payload);
        var body = Encoding.UTF8.GetBytes($"{{\"tx\":\"{Convert.ToHexStringLower(tx.Encoded)}\"}}");
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await http.PostAsync(new Uri(Api(index), "v1/tx"), content, stop).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            _nextNonce[index]++;
            return null;
        }

        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(stop).ConfigureAwait(false)).GetProperty("error");
        if (error.GetProperty("code").GetString() is "NonceTooLow" or "NonceGap" or "ReplacementUnderpriced")
        {
            _nextNonce[index] = null; // the node's own transactions, or a dropped one, moved it: ask again next time
        }

        return error.GetProperty("message").GetString();
    }

    private async Task<ulong> NonceAsync(HttpClient http, int index, CancellationToken stop)
    {
        // The next nonce after the account's pending run (the node's own transactions may be waiting).
        var account = await GetAsync(http, index, $"v1/account/{participants[index].Key.Address}", stop).ConfigureAwait(false);
        return account.GetProperty("nonce").GetUInt64() + account.GetProperty("pendingCount").GetUInt64();
    }
}
