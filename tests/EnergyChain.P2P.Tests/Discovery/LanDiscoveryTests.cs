using System.Net;
using EnergyChain.P2P.Discovery;
using EnergyChain.P2P.Discovery.Mdns;
using EnergyChain.P2P.Tests.Discovery.Mdns;
using EnergyChain.P2P.Tests.Support;

namespace EnergyChain.P2P.Tests.Discovery;

public sealed class LanDiscoveryTests
{
    [Fact]
    public async Task A_node_dials_a_same_chain_node_it_found_on_the_lan()
    {
        var members = new TestMembers(2);
        await using var a = await TestNode.StartAsync(members, 0);
        await using var b = await TestNode.StartAsync(members, 1);
        var (responder, browser) = MdnsTestNetwork.LoopbackPair();

        // a advertises on one loopback "group", b browses it; the unused directions point at ports nobody reads.
        await using var aDiscovery = new LanDiscovery(a.Network, members.Genesis.ChainId, responder, Unused());
        await using var bDiscovery = new LanDiscovery(b.Network, members.Genesis.ChainId, Unused(), browser);
        await aDiscovery.StartAsync();
        await bDiscovery.StartAsync();

        await Eventually.TrueAsync(() => b.Network.IsConnected(a.Key.PublicKey), "b found a over mDNS and connected");
        Assert.True(bDiscovery.Discovered >= 1);
    }

    [Fact]
    public async Task Instances_of_another_chain_are_not_dialed()
    {
        var members = new TestMembers(2);
        var other = new TestMembers(2, seed: "other-chain");
        await using var a = await TestNode.StartAsync(other, 0);
        await using var b = await TestNode.StartAsync(members, 1);
        var (responder, browser) = MdnsTestNetwork.LoopbackPair();
        await using var aDiscovery = new LanDiscovery(a.Network, "another-chain", responder, Unused());
        await using var bDiscovery = new LanDiscovery(b.Network, members.Genesis.ChainId, Unused(), browser);
        await aDiscovery.StartAsync();
        await bDiscovery.StartAsync();

        await Eventually.TrueAsync(() => bDiscovery.Seen >= 1, "b saw a's instance");
        await Task.Delay(200);
        Assert.Equal(0, bDiscovery.Discovered);
        Assert.Equal(0, b.Network.Addresses.Count);
    }

    private static MdnsOptions Unused() => new()
    {
        Probe = false,
        Port = MdnsTestNetwork.FreeUdpPort(),
        GroupEndPoint = new IPEndPoint(IPAddress.Loopback, MdnsTestNetwork.FreeUdpPort()),
    };
}
