using System.Text.Json;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Node.Hosting;

namespace EnergyChain.Node.Production;

/// <summary>
/// Who may produce blocks until the consensus engines land: the <c>single</c> engine has one designated
/// producer, the member named by <c>consensus.params.producer</c>, or the first member. Every other node follows
/// it and refuses blocks signed by anyone else, so there are no forks and every committed block is final.
/// </summary>
public sealed class ProducerAuthority
{
    public const string SingleEngine = "single";

    private ProducerAuthority(GenesisMember producer)
    {
        Producer = producer;
    }

    public GenesisMember Producer { get; }

    public static ProducerAuthority FromGenesis(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        if (genesis.Engine != SingleEngine)
        {
            throw new NodeSetupException($"the designated producer belongs to the \"{SingleEngine}\" engine, not '{genesis.Engine}'");
        }

        using var parameters = JsonDocument.Parse(genesis.EngineParametersJson);
        if (parameters.RootElement.TryGetProperty("producer", out var name))
        {
            if (name.ValueKind != JsonValueKind.String)
            {
                throw new NodeSetupException("genesis consensus.params.producer must be the name of a member");
            }

            var member = genesis.Members.FirstOrDefault(m => m.Name == name.GetString())
                ?? throw new NodeSetupException($"genesis consensus.params.producer '{name.GetString()}' is not a member");
            return new ProducerAuthority(member);
        }

        return new ProducerAuthority(genesis.Members[0]);
    }

    public bool IsProducer(PublicKey key) => Producer.PublicKey.Equals(key);

    /// <summary>Null when <paramref name="block"/> may be committed, else why not.</summary>
    public string? Check(Block block) =>
        block.Header.ProducerKey is { } key && IsProducer(key)
            ? null
            : $"block {block.Height} is signed by {block.Header.ProducerKey?.ToString() ?? "nobody"}, not by the producer {Producer.Name}";
}
