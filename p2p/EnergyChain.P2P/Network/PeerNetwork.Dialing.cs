using System.Net;
using System.Net.Sockets;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Peers;
using Microsoft.Extensions.Logging;

namespace EnergyChain.P2P.Network;

public sealed partial class PeerNetwork
{
    private int _pendingOutbound;

    /// <summary>
    /// Dials <paramref name="address"/> now (outside the dial loop) and returns the peer it leads to: the new
    /// connection, or the one the member already had when that one is preferred. Null when the dial failed.
    /// </summary>
    public async Task<Peer?> DialAsync(PeerAddress address, CancellationToken cancellationToken = default)
    {
        Addresses.Add(address, null, persistent: false);
        return await DialOnceAsync(address, cancellationToken).ConfigureAwait(false);
    }

    private async Task DialLoopAsync(CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        while (!cancellationToken.IsCancellationRequested)
        {
            var free = _options.MaxOutbound - OutboundCount - Volatile.Read(ref _pendingOutbound);
            if (free > 0)
            {
                foreach (var address in Addresses.TakeDue(time.GetUtcNow(), free, IsConnected))
                {
                    Interlocked.Increment(ref _pendingOutbound);
                    _ = Task.Run(
                        async () =>
                        {
                            try
                            {
                                await DialOnceAsync(address, cancellationToken).ConfigureAwait(false);
                            }
                            finally
                            {
                                Interlocked.Decrement(ref _pendingOutbound);
                            }
                        },
                        CancellationToken.None);
                }
            }

            try
            {
                await Task.Delay(_options.DialInterval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<Peer?> DialOnceAsync(PeerAddress address, CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        var client = new TcpClient { NoDelay = true };
        PeerConnection connection;
        IPEndPoint remote;
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_options.DialTimeout);
                await client.ConnectAsync(address.Host, address.Port, timeout.Token).ConfigureAwait(false);
            }

            remote = (IPEndPoint)client.Client.RemoteEndPoint!;
            connection = await PeerConnection.ConnectAsync(client.GetStream(), HandshakeRole.Initiator, _handshake, _connection, cancellationToken).ConfigureAwait(false);
        }
        catch (HandshakeException ex)
        {
            client.Dispose();
            LogDialFailed(address.ToString(), $"{ex.Error}: {ex.Message}");
            Addresses.OnDialFailed(address, time.GetUtcNow(), isSelf: ex.Error == HandshakeError.SelfConnection);
            return null;
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            client.Dispose();
            if (!cancellationToken.IsCancellationRequested)
            {
                LogDialFailed(address.ToString(), ex.Message);
                Addresses.OnDialFailed(address, time.GetUtcNow());
            }

            return null;
        }

        Addresses.OnConnected(address, connection.RemoteKey, time.GetUtcNow());
        if (!Admit(connection, outbound: true, remote, address))
        {
            // The member is already connected through a preferred connection (the other way round, or one the
            // dial loop opened meanwhile); keep the address for later and hand back that connection's peer.
            Addresses.OnDisconnected(address, time.GetUtcNow());
        }

        lock (_peersLock)
        {
            return _peers.GetValueOrDefault(connection.RemoteKey);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dialing {Address} failed: {Reason}")]
    private partial void LogDialFailed(string address, string reason);
}
