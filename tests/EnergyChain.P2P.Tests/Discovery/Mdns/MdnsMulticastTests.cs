using System.Net;
using System.Net.Sockets;
using EnergyChain.P2P.Discovery.Mdns;
using Xunit.Abstractions;
using static EnergyChain.P2P.Tests.Discovery.Mdns.MdnsTestNetwork;

namespace EnergyChain.P2P.Tests.Discovery.Mdns;

/// <summary>
/// Responder and browser in one process over real IPv4 multicast on this host's network, on a random port
/// instead of 5353 so nothing else on the LAN takes part. Hosts without a multicast-capable route (containers,
/// some CI runners) cannot do this: the test then returns early and says so in its output (xunit 2 has no
/// runtime skip). The same path is always covered inside the Avahi sandbox (MdnsAvahiInteropTests).
/// </summary>
public sealed class MdnsMulticastTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Responder_and_browser_find_each_other_over_host_multicast()
    {
        var port = FreeUdpPort();
        var options = new MdnsOptions { Port = port, GroupEndPoint = new IPEndPoint(MdnsOptions.DefaultGroupAddress, port), Probe = false };
        if (await MulticastLoopsBack(options.GroupEndPoint) is { } reason)
        {
            output.WriteLine($"SKIPPED: multicast over the host network is not available here: {reason}");
            return;
        }

        var found = new TaskCompletionSource<MdnsServiceInstance>(TaskCreationOptions.RunContinuationsAsynchronously);
        // No addresses given: the responder advertises this host's own IPv4 addresses.
        var advertised = EnergyChainService.Create("Node M", "ecnode-multicast", 4545, [], ChainId, "02" + new string('b', 64));
        await using var responder = new MdnsResponder(advertised, options);
        await using var browser = new MdnsBrowser(options with { InitialQueryInterval = TimeSpan.FromMilliseconds(200) });
        browser.Discovered += i =>
        {
            if (i.InstanceName == "Node M")
            {
                found.TrySetResult(i);
            }
        };

        await browser.StartAsync();
        await responder.StartAsync();
        var instance = await found.Task.WaitAsync(Patience);

        output.WriteLine($"found {instance}");
        Assert.Equal(4545, instance.Port);
        Assert.Equal("ecnode-multicast.local", instance.HostName);
        Assert.Equal(responder.Advertised.Addresses.ToHashSet(), instance.Addresses.ToHashSet());
        Assert.Equal(0, responder.MalformedPackets + browser.MalformedPackets);
    }

    /// <summary>Null if a datagram sent to the group comes back to a member socket on this host, else why not.</summary>
    private static async Task<string?> MulticastLoopsBack(IPEndPoint group)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Any, group.Port));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group.Address, IPAddress.Any));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
            byte[] probe = [0x45, 0x43, 0x6D, 0x64, 0x6E, 0x73];
            await socket.SendToAsync(probe, SocketFlags.None, group);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var buffer = new byte[64];
            while (true)
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
                if (buffer.AsSpan(0, received.ReceivedBytes).SequenceEqual(probe))
                {
                    return null;
                }
            }
        }
        catch (SocketException e)
        {
            return $"{e.SocketErrorCode}: {e.Message}";
        }
        catch (OperationCanceledException)
        {
            return "a datagram sent to the group did not come back within 2 s";
        }
    }
}
