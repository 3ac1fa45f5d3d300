using Makaretu.Dns;

namespace EnergyChain.P2P.Tests.Discovery.Mdns;

/// <summary>
/// Why LAN discovery keeps its own mDNS instead of Makaretu.Dns.Multicast 0.27.0 (issue 24; docs/mdns.md,
/// docs/dependencies.md). The package was built against IPNetwork2 2.1.2, whose <c>System.Net.IPNetwork</c> type
/// IPNetwork2 3.x renamed to <c>System.Net.IPNetwork2</c>. The package source offers IPNetwork2 3.0.667, 5.0.0 and
/// 5.0.1 only, so NuGet resolves 3.0.667 (NU1603), and <c>MulticastService</c>'s static initializer, which parses
/// its link-local networks with <c>IPNetwork.Parse</c>, cannot load: neither a responder nor a browser can be made.
/// These tests assert that known-bad behaviour. If one fails, the package or its resolved dependencies changed, and
/// the interop spike (announce and browse between processes and against Avahi in mdns-sandbox.sh) is worth repeating.
/// </summary>
public sealed class MakaretuMulticastTests
{
    [Fact]
    public void Its_multicast_service_cannot_load_against_the_resolved_IPNetwork2()
    {
        var e = Assert.Throws<TypeInitializationException>(() => new MulticastService());
        Assert.Equal("Makaretu.Dns.MulticastService", e.TypeName);
        var load = Assert.IsType<TypeLoadException>(e.InnerException);
        Assert.Equal("System.Net.IPNetwork", load.TypeName);
        Assert.Contains("System.Net.IPNetwork, Version=3.0.667.0", load.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Its_service_discovery_cannot_be_made_either()
    {
        // ServiceDiscovery (advertise, announce, browse) always creates or takes a MulticastService.
        var e = Assert.Throws<TypeInitializationException>(() => new ServiceDiscovery());
        Assert.IsType<TypeLoadException>(e.InnerException);
    }
}
