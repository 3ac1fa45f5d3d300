using System.Net;

namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>An A (IPv4) or AAAA (IPv6) record's address.</summary>
public sealed class AddressData : DnsRecordData
{
    public AddressData(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily is not (System.Net.Sockets.AddressFamily.InterNetwork or System.Net.Sockets.AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException("only IPv4 and IPv6 addresses", nameof(address));
        }

        Address = address;
    }

    public IPAddress Address { get; }

    public override DnsRecordType Type =>
        Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? DnsRecordType.A : DnsRecordType.Aaaa;

    public override string ToString() => Address.ToString();

    internal override void WriteTo(DnsWireWriter writer) => writer.WriteBytes(Address.GetAddressBytes());
}
