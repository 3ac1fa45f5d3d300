using System.Net.Http.Json;
using System.Text.Json;

namespace EnergyChain.LoadGen;

/// <summary>Submitting one transaction the way a patient client does.</summary>
internal static class TxSubmission
{
    private static readonly Uri Target = new("v1/tx", UriKind.Relative);

    /// <summary>
    /// POSTs transaction <paramref name="index"/> until the node admits it, waiting out the mempool's back-pressure
    /// answers (full pool, nonce too far ahead, a gap not yet filled by gossip); any other refusal is an error.
    /// Returns how many times it had to try again.
    /// </summary>
    public static async Task<int> PostUntilAdmittedAsync(HttpClient client, Func<HttpContent> body, long index)
    {
        for (var retries = 0; ; retries++)
        {
            using var content = body();
            using var response = await client.PostAsync(Target, content);
            if (response.IsSuccessStatusCode)
            {
                return retries;
            }

            var error = await response.Content.ReadFromJsonAsync<JsonElement>();
            var code = error.GetProperty("error").GetProperty("code").GetString();
            if (code is not ("PoolFull" or "NonceTooFarAhead" or "NonceGap"))
            {
                throw new InvalidOperationException($"transfer {index} refused: {error}");
            }

            await Task.Delay(20);
        }
    }
}
