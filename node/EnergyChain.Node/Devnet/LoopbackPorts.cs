using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EnergyChain.Node.Devnet;

/// <summary>
/// Loopback ports that are free right now, for processes that will bind them a moment later (a devnet's nodes,
/// the test kit's node processes). They are chosen below the kernel's ephemeral range: a port the OS picks for
/// port 0 comes from that range, and so does the local port of every outgoing connection on the machine, so
/// between the choice and the bind a client socket can take it ("Address already in use", seen in CI on
/// 2026-12-02). Below the range only explicit binds take ports. A port is never handed out twice by one process.
/// <para>Also compiled into the test kit (which does not reference the node) as a linked file.</para>
/// </summary>
internal static class LoopbackPorts
{
    private const int LowestPort = 2_048;
    private const int SpanBelowEphemeral = 12_000;
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary><paramref name="count"/> distinct ports free on 127.0.0.1.</summary>
    public static int[] Free(int count)
    {
        var ports = new int[count];
        for (var i = 0; i < count; i++)
        {
            ports[i] = FreeOne();
        }

        return ports;
    }

    private static int FreeOne()
    {
        var ephemeralStart = EphemeralRangeStart();
        if (ephemeralStart > LowestPort + 1_024)
        {
            var floor = Math.Max(LowestPort, ephemeralStart - SpanBelowEphemeral);
            for (var attempt = 0; attempt < 200; attempt++)
            {
                // Not consensus code: any free port will do, and two processes choosing at once should not collide.
                var port = Random.Shared.Next(floor, ephemeralStart);
                if (HandedOut.TryAdd(port, 0) && CanListen(port))
                {
                    return port;
                }
            }
        }

        // No usable room below the range (or all of it taken): let the OS choose, as before.
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }
    }

    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768; // Linux's default; elsewhere the range differs, and this only narrows the choice
        }
    }

    private static bool CanListen(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
