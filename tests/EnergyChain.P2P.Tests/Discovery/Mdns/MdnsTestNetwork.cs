using System.Net;
using System.Net.Sockets;
using EnergyChain.P2P.Discovery.Mdns;

namespace EnergyChain.P2P.Tests.Discovery.Mdns;

/// <summary>Instances and socket plumbing shared by the mDNS tests.</summary>
internal static class MdnsTestNetwork
{
    // A safety net against a hung test, not a speed assertion.
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public const string ChainId = "energychain-test";

    public static MdnsServiceInstance Instance(string name, int port, string host = "ecnode-test", params IPAddress[] addresses) =>
        EnergyChainService.Create(name, host, port, addresses.Length > 0 ? addresses : [IPAddress.Loopback], ChainId, "02" + new string('a', 64));

    /// <summary>
    /// Options for a responder and a browser on two loopback ports, each one's "group" being the other's port:
    /// the full query/answer exchange over real sockets without multicast routing.
    /// </summary>
    public static (MdnsOptions Responder, MdnsOptions Browser) LoopbackPair(bool probe = false)
    {
        var responderPort = FreeUdpPort();
        var browserPort = FreeUdpPort();
        var common = new MdnsOptions { Probe = probe, InitialQueryInterval = TimeSpan.FromMilliseconds(200), MaxQueryInterval = TimeSpan.FromSeconds(1) };
        return (
            common with { Port = responderPort, GroupEndPoint = new IPEndPoint(IPAddress.Loopback, browserPort) },
            common with { Port = browserPort, GroupEndPoint = new IPEndPoint(IPAddress.Loopback, responderPort) });
    }

    public static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Waits for the first message on <paramref name="client"/> that <paramref name="accept"/> takes, or null after the timeout.</summary>
    public static async Task<(DnsMessage Message, IPEndPoint From)?> ReceiveAsync(UdpClient client, TimeSpan timeout, Func<DnsMessage, bool>? accept = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var result = await client.ReceiveAsync(cts.Token);
                if (DnsMessageCodec.TryDecode(result.Buffer, out var message) && (accept is null || accept(message!)))
                {
                    return (message!, result.RemoteEndPoint);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
