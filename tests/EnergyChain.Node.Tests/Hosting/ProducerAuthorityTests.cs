using EnergyChain.Core.Genesis;
using EnergyChain.Node.Hosting;
using EnergyChain.Node.Production;

namespace EnergyChain.Node.Tests.Hosting;

public sealed class ProducerAuthorityTests
{
    private static readonly Core.Crypto.PrivateKey First = Core.Crypto.PrivateKey.FromSeed("authority/first");
    private static readonly Core.Crypto.PrivateKey Second = Core.Crypto.PrivateKey.FromSeed("authority/second");

    [Fact]
    public void The_first_member_produces_unless_the_engine_names_another()
    {
        var genesis = Genesis("{}");
        Assert.True(ProducerAuthority.FromGenesis(genesis).IsProducer(First.PublicKey));
        var named = ProducerAuthority.FromGenesis(Genesis("""{"producer":"second"}"""));
        Assert.True(named.IsProducer(Second.PublicKey));
        Assert.False(named.IsProducer(First.PublicKey));
    }

    [Fact]
    public void Unknown_producers_and_engines_are_setup_errors()
    {
        Assert.Contains("not a member", Assert.Throws<NodeSetupException>(() => ProducerAuthority.FromGenesis(Genesis("""{"producer":"nobody"}"""))).Message, StringComparison.Ordinal);
        Assert.Contains("belongs to", Assert.Throws<NodeSetupException>(() => ProducerAuthority.FromGenesis(Genesis("{}", "pos"))).Message, StringComparison.Ordinal);
        Assert.Contains("not available", Assert.Throws<NodeSetupException>(() => NodeEngines.Validate("proof-of-luck")).Message, StringComparison.Ordinal);
        foreach (var engine in (string[])["single", "pos", "pow", "poeg", "posoc"])
        {
            Assert.Equal(engine, NodeEngines.Validate(engine));
        }
    }

    private static GenesisDocument Genesis(string engineParams, string engine = "single") => GenesisLoader.Parse($$"""
        {
          "chainId": "authority-test",
          "genesisTime": 1795000000000,
          "consensus": { "engine": "{{engine}}", "params": {{engineParams}} },
          "members": [
            { "name": "first", "publicKey": "{{First.PublicKey}}" },
            { "name": "second", "publicKey": "{{Second.PublicKey}}" }
          ],
          "accounts": []
        }
        """);
}
