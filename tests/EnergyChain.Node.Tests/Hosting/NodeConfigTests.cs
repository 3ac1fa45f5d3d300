using EnergyChain.Core.Genesis;
using EnergyChain.Node.Hosting;
using EnergyChain.Node.Production;

namespace EnergyChain.Node.Tests.Hosting;

public sealed class NodeConfigTests
{
    [Theory]
    [InlineData("nonsense", "p2p")]
    [InlineData("127.0.0.1:0", "p2p")]
    public void A_bad_p2p_address_is_a_clear_setup_error(string p2p, string field)
    {
        var e = Assert.Throws<NodeSetupException>(() => new NodeConfig { P2p = p2p }.Validated());
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_bootstrap_peers_and_limits_are_refused()
    {
        Assert.Contains("peers", Assert.Throws<NodeSetupException>(() => new NodeConfig { Peers = ["10.0.0.1:8646", "no-port"] }.Validated()).Message, StringComparison.Ordinal);
        Assert.Throws<NodeSetupException>(() => new NodeConfig { MaxInboundPeers = -1 }.Validated());
        var ok = new NodeConfig { P2p = "0.0.0.0:8646", Peers = ["10.0.0.1:8646", "[::1]:9000"] }.Validated();
        Assert.Equal(2, ok.Peers.Count);
    }

    [Fact]
    public void Run_options_override_the_p2p_settings_of_the_config_file()
    {
        var config = new NodeConfig { P2p = "0.0.0.0:8646", Peers = ["10.0.0.1:8646"] };
        var merged = new RunOverrides(null, null, null, null, "127.0.0.1:9000", ["127.0.0.1:9001"], Mdns: true).ApplyTo(config);
        Assert.Equal("127.0.0.1:9000", merged.P2p);
        Assert.Equal(["127.0.0.1:9001"], merged.Peers);
        Assert.True(merged.Mdns);
        Assert.Equal(config.Peers, new RunOverrides(null, null, null, null).ApplyTo(config).Peers);
    }
}

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
