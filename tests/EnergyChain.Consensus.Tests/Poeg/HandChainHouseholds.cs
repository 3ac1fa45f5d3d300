using System.Text.Json;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Poeg;

/// <summary>
/// The devnet's participant client over a <see cref="PoegChain"/>: household i is member i, its meter is meter i,
/// <c>v1/consensus</c> is the node's view of the chain and submitting adds to the chain's pool. Records what was
/// submitted and reported.
/// </summary>
internal sealed class HandChainHouseholds(PoegChain chain) : IParticipantClient
{
    private readonly PoegReadModel _reads = new(chain.Engine, chain.Chain, new MarketReadModel(chain.Engine, chain.Chain));

    public int Count => chain.Keys.Length;

    /// <summary>Every transaction the pool took, in order.</summary>
    public List<Transaction> Submitted { get; } = [];

    public List<string> Reports { get; } = [];

    public Address AddressOf(int index, ParticipantKey key = ParticipantKey.Member) => KeyOf(index, key).Address;

    public Task<JsonElement> GetAsync(int index, string path, CancellationToken cancellationToken)
    {
        Assert.Equal("v1/consensus", path);
        var view = new Dictionary<string, object?> { ["height"] = chain.Chain.Head.Height, ["poeg"] = _reads.Status() };
        return Task.FromResult(JsonSerializer.SerializeToElement(view));
    }

    public Task<string?> SubmitAsync(int index, TxPayload payload, CancellationToken cancellationToken) =>
        SubmitAsync(index, ParticipantKey.Member, payload, cancellationToken);

    public Task<string?> SubmitAsync(int index, ParticipantKey signer, TxPayload payload, CancellationToken cancellationToken)
    {
        var key = KeyOf(index, signer);

        // The hand chain funds members only: a meter's readings go without a fee (its minimum is 0).
        var member = chain.Tx(key, payload);
        var tx = signer == ParticipantKey.Member ? member : Transaction.Create(PoegChain.ChainId, key, member.Nonce, 0, payload);
        var admission = chain.Pool.Add(tx);
        if (admission.Accepted)
        {
            Submitted.Add(tx);
        }

        return Task.FromResult(admission.Rejection?.Message);
    }

    public void Report(string line) => Reports.Add(line);

    private PrivateKey KeyOf(int index, ParticipantKey key) => key == ParticipantKey.Meter ? chain.Meters[index] : chain.Keys[index];
}
