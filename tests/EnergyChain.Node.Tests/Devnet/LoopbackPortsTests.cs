using System.Net;
using System.Net.Sockets;
using EnergyChain.Node.Devnet;

namespace EnergyChain.Node.Tests.Devnet;

public sealed class LoopbackPortsTests
{
    [Fact]
    public void Ports_are_distinct_bindable_below_the_ephemeral_range_and_never_handed_out_twice()
    {
        var first = LoopbackPorts.Free(20);
        var second = LoopbackPorts.Free(20);
        var all = first.Concat(second).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());

        var range = File.Exists("/proc/sys/net/ipv4/ip_local_port_range")
            ? int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        foreach (var port in all)
        {
            if (range > 4_096)
            {
                Assert.InRange(port, 2_048, range - 1);
            }

            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start(); // throws if the port was not free
        }
    }
}
