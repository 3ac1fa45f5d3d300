using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Single;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Tests.Single;

public sealed class DesignatedProducerTests
{
    private static readonly PrivateKey First = PrivateKey.FromSeed("authority/first");
    private static readonly PrivateKey Second = PrivateKey.FromSeed("authority/second");

    [Fact]
    public void The_first_member_produces_unless_the_engine_names_another()
    {
        var genesis = Genesis("{}");
        Assert.True(DesignatedProducer.FromGenesis(genesis).IsProducer(First.PublicKey));
        var named = DesignatedProducer.FromGenesis(Genesis("""{"producer":"second"}"""));
        Assert.True(named.IsProducer(Second.PublicKey));
        Assert.False(named.IsProducer(First.PublicKey));
    }

    [Fact]
    public void An_unknown_producer_is_a_parameter_error()
    {
        var e = Assert.Throws<EngineParameterException>(() => DesignatedProducer.FromGenesis(Genesis("""{"producer":"nobody"}""")));
        Assert.Equal("producer", e.Field);
        Assert.Contains("not a member", e.Message, StringComparison.Ordinal);
        Assert.Throws<EngineParameterException>(() => DesignatedProducer.FromGenesis(Genesis("""{"producer":7}""")));
    }

    [Fact]
    public void Blocks_of_anyone_but_the_producer_are_refused_by_the_seal()
    {
        var engine = new SingleEngine(Genesis("""{"producer":"second"}"""));
        var genesisBlock = Genesis("""{"producer":"second"}""").CreateGenesisBlock().Header;
        var by = (PrivateKey key) => new Core.Blocks.BlockHeader
        {
            Height = 1,
            ParentHash = genesisBlock.Hash,
            Timestamp = genesisBlock.Timestamp + 1,
        }.SignWith(key);
        var context = new SealContext(genesisBlock, new NoHeaders());
        Assert.True(engine.SealValidator.Validate(by(Second), context).IsValid);
        Assert.False(engine.SealValidator.Validate(by(First), context).IsValid);
    }

    private static GenesisDocument Genesis(string engineParams) => GenesisLoader.Parse($$"""
        {
          "chainId": "authority-test",
          "genesisTime": 1795000000000,
          "consensus": { "engine": "single", "params": {{engineParams}} },
          "members": [
            { "name": "first", "publicKey": "{{First.PublicKey}}" },
            { "name": "second", "publicKey": "{{Second.PublicKey}}" }
          ],
          "accounts": []
        }
        """);

    private sealed class NoHeaders : IHeaderReader
    {
        public Core.Blocks.BlockHeader? GetHeader(Hash256 hash) => null;
    }
}
