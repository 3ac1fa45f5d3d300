using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Node.Devnet;

/// <summary>
/// Signs and posts the simulated participants' transactions (households, EVs) to their own node's API, each with
/// the next nonce the node reports. The nonce is asked for every time rather than counted here: the node may drop
/// a transaction it took (a forecast that went stale while it waited for a block), and a counted nonce would then
/// leave a gap that nothing fills, so every later transaction of that participant would wait behind it forever.
/// </summary>
internal sealed class DevnetTxSender(IReadOnlyList<(DevnetNodePlan Plan, PrivateKey Key)> participants, string chainId, HttpClient http, TextWriter output)
    : IParticipantClient
{
    private readonly TextWriter _out = TextWriter.Synchronized(output);

    private const ulong Fee = 1_000;

    public int Count => participants.Count;

    public Uri Api(int index) => new(participants[index].Plan.ApiUrl + "/");

    public async Task<JsonElement> GetAsync(int index, string path, CancellationToken stop)
    {
        using var response = await http.GetAsync(new Uri(Api(index), path), stop).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<JsonElement>(stop).ConfigureAwait(false);
    }

    /// <summary>Signs and posts one transaction; null when the node took it, else its refusal.</summary>
    public async Task<string?> SubmitAsync(int index, TxPayload payload, CancellationToken stop)
    {
        var nonce = await NonceAsync(index, stop).ConfigureAwait(false);
        var tx = Transaction.Create(chainId, participants[index].Key, nonce, Fee, payload);
        var body = Encoding.UTF8.GetBytes($"{{\"tx\":\"{Convert.ToHexStringLower(tx.Encoded)}\"}}");
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await http.PostAsync(new Uri(Api(index), "v1/tx"), content, stop).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(stop).ConfigureAwait(false)).GetProperty("error");
        return error.GetProperty("message").GetString();
    }

    private async Task<ulong> NonceAsync(int index, CancellationToken stop)
    {
        // The next nonce after the account's gap-free pending run (the node's own transactions may be waiting).
        var account = await GetAsync(index, $"v1/account/{participants[index].Key.Address}", stop).ConfigureAwait(false);
        return account.GetProperty("nonce").GetUInt64() + account.GetProperty("pendingCount").GetUInt64();
    }

    public void Report(string line) => _out.WriteLine($"devnet: {line}");
}
