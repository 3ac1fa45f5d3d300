using System.Text.Json;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Single;

/// <summary>
/// Who may produce under the <c>single</c> engine: one designated member, named by <c>consensus.params.producer</c>,
/// or the first member. Every other node follows it and refuses blocks signed by anyone else, so there are no forks
/// and every committed block is final.
/// </summary>
public sealed class DesignatedProducer
{
    /// <summary>The one key genesis <c>consensus.params</c> may set under <c>single</c>.</summary>
    public const string ProducerField = "producer";

    private DesignatedProducer(GenesisMember producer)
    {
        Producer = producer;
    }

    public GenesisMember Producer { get; }

    /// <summary>Reads the producer from <paramref name="genesis"/>; a bad <c>producer</c> is an <see cref="EngineParameterException"/>.</summary>
    public static DesignatedProducer FromGenesis(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        using var parameters = JsonDocument.Parse(genesis.EngineParametersJson);
        if (parameters.RootElement.TryGetProperty(ProducerField, out var name))
        {
            if (name.ValueKind != JsonValueKind.String)
            {
                throw new EngineParameterException(ProducerField, "must be the name of a member");
            }

            var member = genesis.Members.FirstOrDefault(m => m.Name == name.GetString())
                ?? throw new EngineParameterException(ProducerField, $"'{name.GetString()}' is not a member");
            return new DesignatedProducer(member);
        }

        return new DesignatedProducer(genesis.Members[0]);
    }

    public bool IsProducer(PublicKey key) => Producer.PublicKey.Equals(key);

    /// <summary>Null when <paramref name="block"/> may be committed, else why not.</summary>
    public string? Check(Block block) =>
        block.Header.ProducerKey is { } key && IsProducer(key)
            ? null
            : $"block {block.Height} is signed by {block.Header.ProducerKey?.ToString() ?? "nobody"}, not by the producer {Producer.Name}";
}
