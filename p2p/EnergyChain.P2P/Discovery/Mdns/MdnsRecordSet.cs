using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>The records one advertised instance owns (RFC 6763 s4-6, s9 and RFC 6762 s6.1 for the NSECs).</summary>
internal sealed class MdnsRecordSet
{
    public static readonly DnsName ServicesEnumeration = DnsName.Parse("_services._dns-sd._udp.local");

    private static readonly DnsName Local = DnsName.Parse("local");

    public MdnsRecordSet(MdnsServiceInstance advertised, MdnsOptions options)
    {
        ServiceName = options.ServiceName;
        InstanceName = ServiceName.Prepend(advertised.InstanceName);
        HostName = ToHostName(advertised.HostName);
        var hostTtl = MdnsOptions.Seconds(options.HostRecordTtl);
        var otherTtl = MdnsOptions.Seconds(options.OtherRecordTtl);

        ServicePtr = DnsRecord.Create(ServiceName, new PtrData(InstanceName), otherTtl);
        EnumerationPtr = DnsRecord.Create(ServicesEnumeration, new PtrData(ServiceName), otherTtl);
        Srv = DnsRecord.Create(InstanceName, new SrvData(0, 0, advertised.Port, HostName), hostTtl, cacheFlush: true);
        Txt = DnsRecord.Create(InstanceName, TxtData.FromPairs(advertised.Txt), otherTtl, cacheFlush: true);
        var addresses = advertised.Addresses.Count > 0 ? advertised.Addresses : LocalAddresses(options.InterfaceAddress);
        Addresses = [.. addresses.Distinct().Select(a => DnsRecord.Create(HostName, new AddressData(a), hostTtl, cacheFlush: true))];
        InstanceNsec = DnsRecord.Create(InstanceName, new NsecData(InstanceName, [(int)DnsRecordType.Txt, (int)DnsRecordType.Srv]), otherTtl, cacheFlush: true);
        HostNsec = DnsRecord.Create(HostName, new NsecData(HostName, Addresses.Select(a => (int)a.Type)), hostTtl, cacheFlush: true);
        Answerable = [ServicePtr, EnumerationPtr, Srv, Txt, .. Addresses];
    }

    public DnsName ServiceName { get; }

    public DnsName InstanceName { get; }

    public DnsName HostName { get; }

    public DnsRecord ServicePtr { get; }

    public DnsRecord EnumerationPtr { get; }

    public DnsRecord Srv { get; }

    public DnsRecord Txt { get; }

    public IReadOnlyList<DnsRecord> Addresses { get; }

    public DnsRecord InstanceNsec { get; }

    public DnsRecord HostNsec { get; }

    /// <summary>The positive records, which questions are matched against.</summary>
    public IReadOnlyList<DnsRecord> Answerable { get; }

    /// <summary>Records whose name this responder alone owns (probed, cache-flush).</summary>
    public IEnumerable<DnsRecord> Unique => [Srv, Txt, .. Addresses];

    public MdnsServiceInstance Instance(MdnsServiceInstance requested) => requested with
    {
        InstanceName = InstanceName.Labels[0],
        HostName = HostName.ToString(),
        Addresses = [.. Addresses.Select(a => ((AddressData)a.Data).Address)],
    };

    public static DnsName ToHostName(string hostName)
    {
        var name = DnsName.Parse(hostName);
        return name.EndsWith(Local) ? name : new DnsName([.. name.Labels, .. Local.Labels]);
    }

    /// <summary>The name to try after a conflict (RFC 6762 s9): "Node" becomes "Node (2)", "host" becomes "host-2".</summary>
    public static string Rename(string label, int attempt, bool isHost) =>
        isHost
            ? string.Create(CultureInfo.InvariantCulture, $"{label}-{attempt}")
            : string.Create(CultureInfo.InvariantCulture, $"{label} ({attempt})");

    private static List<IPAddress> LocalAddresses(IPAddress? interfaceAddress)
    {
        if (interfaceAddress is not null && !interfaceAddress.Equals(IPAddress.Any))
        {
            return [interfaceAddress];
        }

        var found = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork)
            .ToList();
        return found.Count > 0 ? found : [IPAddress.Loopback];
    }
}
