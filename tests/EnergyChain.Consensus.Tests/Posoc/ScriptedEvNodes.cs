using System.Text.Json;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Posoc;

/// <summary>
/// The devnet's participant client over fixed answers: every EV's node answers a GET with the JSON set for its path
/// in <see cref="Answers"/> (a missing one is a test error). Records what was submitted, requested and reported;
/// <see cref="Refusal"/> refuses every submission with that message.
/// </summary>
internal sealed class ScriptedEvNodes(int count) : IParticipantClient
{
    private readonly PrivateKey[] _keys = [.. Enumerable.Range(0, count).Select(i => PrivateKey.FromSeed($"posoc-sim/ev{i}"))];

    public int Count => count;

    public Dictionary<string, string> Answers { get; } = [];

    public List<(int Ev, TxPayload Payload)> Submitted { get; } = [];

    public List<string> Requests { get; } = [];

    public List<string> Reports { get; } = [];

    public string? Refusal { get; set; }

    public Address AddressOf(int index, ParticipantKey key = ParticipantKey.Member) =>
        key == ParticipantKey.Member ? _keys[index].Address : throw new InvalidOperationException("the EVs have no meters");

    public Task<JsonElement> GetAsync(int index, string path, CancellationToken cancellationToken)
    {
        Requests.Add(path);
        Assert.True(Answers.TryGetValue(path, out var json), $"EV {index} asked for {path}, which the test does not answer");
        return Task.FromResult(JsonDocument.Parse(json).RootElement.Clone());
    }

    public Task<string?> SubmitAsync(int index, TxPayload payload, CancellationToken cancellationToken) =>
        SubmitAsync(index, ParticipantKey.Member, payload, cancellationToken);

    public Task<string?> SubmitAsync(int index, ParticipantKey signer, TxPayload payload, CancellationToken cancellationToken)
    {
        Submitted.Add((index, payload));
        return Task.FromResult(Refusal);
    }

    public void Report(string line) => Reports.Add(line);
}
