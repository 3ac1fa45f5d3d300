using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// How a simulated participant reaches its node: participant i signs with node i's member key (or with its meter's
/// key, <see cref="ParticipantKey"/>) and talks to node i's API. Implemented by the devnet over HTTP; a request that
/// fails throws (HttpRequestException, JsonException, ...).
/// </summary>
public interface IParticipantClient
{
    /// <summary>How many participants there are (one per node).</summary>
    int Count { get; }

    /// <summary>The account address of participant <paramref name="index"/>'s <paramref name="key"/>.</summary>
    /// <exception cref="InvalidOperationException">The participant has no such key (no meter on this devnet).</exception>
    Address AddressOf(int index, ParticipantKey key = ParticipantKey.Member);

    /// <summary>GETs <paramref name="path"/> (relative, e.g. <c>v1/consensus</c>) from participant <paramref name="index"/>'s node.</summary>
    Task<JsonElement> GetAsync(int index, string path, CancellationToken cancellationToken);

    /// <summary>Signs <paramref name="payload"/> as participant <paramref name="index"/> and submits it; null when the node took it, else its refusal.</summary>
    Task<string?> SubmitAsync(int index, TxPayload payload, CancellationToken cancellationToken);

    /// <summary>
    /// Signs <paramref name="payload"/> with participant <paramref name="index"/>'s <paramref name="signer"/> key and
    /// submits it to its node; null when the node took it, else its refusal. Each key has its own nonces.
    /// </summary>
    /// <exception cref="InvalidOperationException">The participant has no such key (no meter on this devnet).</exception>
    Task<string?> SubmitAsync(int index, ParticipantKey signer, TxPayload payload, CancellationToken cancellationToken);

    /// <summary>Tells the person running the devnet something worth seeing (one line).</summary>
    void Report(string line);
}
