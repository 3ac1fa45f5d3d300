using System.Net;
using System.Net.Sockets;

namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>The UDP socket shared by responder and browser: bound with SO_REUSEADDR, joined to the group.</summary>
internal sealed class MdnsTransport : IDisposable
{
    // RFC 6762 s17 allows up to 9000 bytes; reading up to the DNS maximum means nothing is silently cut.
    private const int ReceiveBufferSize = DnsMessageCodec.MaxMessageSize;

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[ReceiveBufferSize];

    private MdnsTransport(Socket socket, IPEndPoint group)
    {
        _socket = socket;
        Group = group;
    }

    public IPEndPoint Group { get; }

    public static MdnsTransport Open(MdnsOptions options)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Other responders (avahi-daemon) own 5353 too. On Linux .NET also sets SO_REUSEPORT here.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (options.IsMulticast)
            {
                // Bound to any address: Linux delivers group traffic only to sockets bound to INADDR_ANY or the group.
                socket.Bind(new IPEndPoint(IPAddress.Any, options.Port));
                var iface = options.InterfaceAddress ?? IPAddress.Any;
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(options.GroupEndPoint.Address, iface));
                if (options.InterfaceAddress is not null)
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, options.InterfaceAddress.GetAddressBytes());
                }

                // RFC 6762 s11: sent with IP TTL 255 so receivers can tell link-local traffic; loopback so that
                // other mDNS stacks on this host (and our own browser) hear us.
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
            }
            else
            {
                socket.Bind(new IPEndPoint(options.InterfaceAddress ?? IPAddress.Loopback, options.Port));
            }

            return new MdnsTransport(socket, options.GroupEndPoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task SendAsync(byte[] packet, IPEndPoint destination, CancellationToken cancellationToken) =>
        await _socket.SendToAsync(packet, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);

    /// <summary>Receives one datagram; the returned memory is valid until the next call.</summary>
    public async Task<(ReadOnlyMemory<byte> Packet, IPEndPoint From)> ReceiveAsync(CancellationToken cancellationToken)
    {
        var result = await _socket.ReceiveFromAsync(_buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancellationToken)
            .ConfigureAwait(false);
        return (_buffer.AsMemory(0, result.ReceivedBytes), (IPEndPoint)result.RemoteEndPoint);
    }

    public void Dispose() => _socket.Dispose();
}
