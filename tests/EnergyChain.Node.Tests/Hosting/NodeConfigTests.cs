using EnergyChain.Node.Hosting;

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

    [Theory]
    [InlineData("sqlite", EnergyChain.Core.Storage.BlockStoreKind.Sqlite)]
    [InlineData("LiteDB", EnergyChain.Core.Storage.BlockStoreKind.LiteDb)]
    public void Store_names_the_block_store(string store, EnergyChain.Core.Storage.BlockStoreKind kind)
    {
        Assert.Equal(EnergyChain.Core.Storage.BlockStoreKind.Sqlite, new NodeConfig().Validated().StoreKind);
        Assert.Equal(kind, new NodeConfig { Store = store }.Validated().StoreKind);
    }

    [Theory]
    [InlineData("rocksdb")]
    [InlineData("")]
    public void An_unknown_store_is_a_clear_setup_error(string store)
    {
        var e = Assert.Throws<NodeSetupException>(() => new NodeConfig { Store = store }.Validated());
        Assert.Contains($"store '{store}' is not one of sqlite, litedb", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nonsense", "not HOST:PORT")]
    [InlineData("127.0.0.1:8645", "a port of its own")]
    [InlineData("127.0.0.1:0", "a port of its own")]
    public void A_bad_grpc_address_is_a_clear_setup_error(string grpc, string reason)
    {
        var e = Assert.Throws<NodeSetupException>(() => new NodeConfig { Grpc = grpc }.Validated());
        Assert.Contains("grpc: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grpc_is_on_loopback_by_default_can_be_turned_off_and_overridden_per_run()
    {
        Assert.Equal("127.0.0.1:8647", new NodeConfig().Validated().Grpc);
        Assert.Equal("off", new NodeConfig { Grpc = "off" }.Validated().Grpc);
        Assert.Equal("0.0.0.0:9647", new RunOverrides(null, null, null, null, Grpc: "0.0.0.0:9647").ApplyTo(new NodeConfig()).Grpc);
        Assert.Equal("127.0.0.1:8647", new RunOverrides(null, null, null, null).ApplyTo(new NodeConfig()).Grpc);
    }
}
