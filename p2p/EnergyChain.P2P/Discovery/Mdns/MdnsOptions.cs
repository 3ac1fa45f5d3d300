using System.Net;

namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>
/// Where and how mDNS talks. The defaults are RFC 6762: UDP port 5353, group 224.0.0.251, IPv4.
/// <para>
/// Tests can move everything to another port, or set <see cref="GroupEndPoint"/> to a unicast address such as
/// 127.0.0.1:port: then no group is joined and "multicast" packets go to that endpoint, so a responder and a
/// browser bound to two loopback ports, each pointing its group at the other, exercise the full query and
/// answer logic without multicast routing.
/// </para>
/// </summary>
public sealed record MdnsOptions
{
    public const int DefaultPort = 5353;

    public static readonly IPAddress DefaultGroupAddress = IPAddress.Parse("224.0.0.251");

    /// <summary>Local address of the interface to join the group on and send from; null lets the OS route pick one.</summary>
    public IPAddress? InterfaceAddress { get; init; }

    /// <summary>The local UDP port to bind (with SO_REUSEADDR so Avahi and others can share it).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Destination of multicast packets; responses are accepted only from this endpoint's port (RFC 6762 s11).</summary>
    public IPEndPoint GroupEndPoint { get; init; } = new(DefaultGroupAddress, DefaultPort);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The DNS-SD service type, a name ending in ".local".</summary>
    public string ServiceType { get; init; } = EnergyChainService.ServiceType;

    /// <summary>TTL of records that carry a host name (SRV, A, AAAA): 120 s (RFC 6762 s10).</summary>
    public TimeSpan HostRecordTtl { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>TTL of the other records (PTR, TXT): 75 minutes (RFC 6762 s10).</summary>
    public TimeSpan OtherRecordTtl { get; init; } = TimeSpan.FromMinutes(75);

    /// <summary>Unsolicited announcements after start (RFC 6762 s8.3: at least two).</summary>
    public int Announcements { get; init; } = 3;

    /// <summary>Gap before the second announcement; it doubles after each (RFC 6762 s8.3: at least 1 s).</summary>
    public TimeSpan AnnouncementInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Probe for name conflicts before announcing (RFC 6762 s8.1: three probes 250 ms apart).</summary>
    public bool Probe { get; init; } = true;

    /// <summary>First gap between browse queries; doubles up to <see cref="MaxQueryInterval"/> (RFC 6762 s5.2).</summary>
    public TimeSpan InitialQueryInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxQueryInterval { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Bound on cached records in a browser, so a noisy or hostile LAN cannot grow it without limit.</summary>
    public int MaxCacheRecords { get; init; } = 4096;

    internal bool IsMulticast => GroupEndPoint.Address.IsIPv4Multicast();

    internal DnsName ServiceName => DnsName.Parse(ServiceType);

    internal static uint Seconds(TimeSpan ttl) => (uint)Math.Clamp((long)ttl.TotalSeconds, 0, uint.MaxValue);
}
