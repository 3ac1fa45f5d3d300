using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Node.Devnet;

/// <summary>
/// Signs and posts the simulated participants' transactions (households, EVs, their meters) to their own node's API,
/// each with the next nonce the node reports for the signing key. The nonce is asked for every time rather than
/// counted here: the node may drop a transaction it took (a forecast that went stale while it waited for a block),
/// and a counted nonce would then leave a gap that nothing fills, so every later transaction of that key would wait
/// behind it forever.
/// </summary>
internal sealed class DevnetTxSender(IReadOnlyList<(DevnetNodePlan Plan, PrivateKey Key, PrivateKey? Meter)> participants, string chainId, HttpClient http, TextWriter output)
    : IParticipantClient
{
    private readonly TextWriter _out = TextWriter.Synchronized(output);

    private const ulong Fee = 1_000;

    public int Count => participants.Count;

    public Uri Api(int index) => new(participants[index].Plan.ApiUrl + "/");

    public Address AddressOf(int index, ParticipantKey key = ParticipantKey.Member) => KeyOf(index, key).Address;

    public async Task<JsonElement> GetAsync(int index, string path, CancellationToken stop)
    {
        using var response = await http.GetAsync(new Uri(Api(index), path), stop).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<JsonElement>(stop).ConfigureAwait(false);
    }

    /// <summary>Signs with the member key and posts one transaction; null when the node took it, else its refusal.</summary>
    public Task<string?> SubmitAsync(int index, TxPayload payload, CancellationToken stop) =>
        SubmitAsync(index, ParticipantKey.Member, payload, stop);

    /// <summary>Signs with <paramref name="signer"/> and posts one transaction; null when the node took it, else its refusal.</summary>
    public async Task<string?> SubmitAsync(int index, ParticipantKey signer, TxPayload payload, CancellationToken stop)
    {
        var key = KeyOf(index, signer);
        var nonce = await NonceAsync(index, key.Address, stop).ConfigureAwait(false);
        var tx = Transaction.Create(chainId, key, nonce, Fee, payload);
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

    public void Report(string line) => _out.WriteLine($"devnet: {line}");

    private PrivateKey KeyOf(int index, ParticipantKey key) => key switch
    {
        ParticipantKey.Member => participants[index].Key,
        ParticipantKey.Meter => participants[index].Meter
            ?? throw new InvalidOperationException($"{participants[index].Plan.Name} has no meter: the engine's devnet declares none"),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, null),
    };

    private async Task<ulong> NonceAsync(int index, Address sender, CancellationToken stop)
    {
        // The next nonce after the account's gap-free pending run (the node's own transactions may be waiting).
        var account = await GetAsync(index, $"v1/account/{sender}", stop).ConfigureAwait(false);
        return account.GetProperty("nonce").GetUInt64() + account.GetProperty("pendingCount").GetUInt64();
    }
}
