using System.Net;

namespace EnergyChain.P2P.Discovery.Mdns;

internal static class IPAddressExtensions
{
    public static bool IsIPv4Multicast(this IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0;
}
