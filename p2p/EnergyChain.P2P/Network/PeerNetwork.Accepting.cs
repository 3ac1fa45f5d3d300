using System.Net;
using System.Net.Sockets;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Peers;
using EnergyChain.P2P.Scoring;
using Microsoft.Extensions.Logging;

namespace EnergyChain.P2P.Network;

public sealed partial class PeerNetwork
{
    private int _pendingInbound;

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener!.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A connection reset before accept, or descriptors running out: keep accepting.
                LogAcceptFailed(ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(50), _options.TimeProvider, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            var remote = (IPEndPoint)client.Client.RemoteEndPoint!;
            if (AddressScores.IsBanned(remote.Address))
            {
                client.Dispose();
                continue;
            }

            // Handshakes in progress count against the inbound limit, so a crowd of half-open connections cannot
            // make the node run unbounded handshakes.
            if (Interlocked.Increment(ref _pendingInbound) + InboundCount > _options.MaxInbound)
            {
                Interlocked.Decrement(ref _pendingInbound);
                client.Dispose();
                continue;
            }

            _ = Task.Run(() => HandshakeInboundAsync(client, remote, cancellationToken), CancellationToken.None);
        }
    }

    private async Task HandshakeInboundAsync(TcpClient client, IPEndPoint remote, CancellationToken cancellationToken)
    {
        try
        {
            client.NoDelay = true;
            var stream = client.GetStream();
            HandshakeResult result;
            try
            {
                result = await PeerHandshake.RunAsync(stream, HandshakeRole.Responder, _handshake, cancellationToken).ConfigureAwait(false);
            }
            catch (HandshakeException ex)
            {
                // Scored before the stream closes, so a peer that reconnects at once already finds the IP banned.
                OnHandshakeFailed(remote, ex);
                await stream.DisposeAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                return;
            }

            Admit(new PeerConnection(stream, result, _connection), outbound: false, remote, dialAddress: null);
        }
        finally
        {
            Interlocked.Decrement(ref _pendingInbound);
            if (!client.Connected)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// Scores the remote IP for a failed handshake. Garbage costs a ban at once; a wrong chain, an unknown key or a
    /// banned key coming back may be an honest misconfiguration or a restart, so they add up (and decay); a banned
    /// key that keeps coming back ends up with its IP banned too, refused before any handshake work. A timeout or a
    /// closed connection costs nothing: slow links and restarts are not misbehaviour.
    /// </summary>
    private void OnHandshakeFailed(IPEndPoint remote, HandshakeException ex)
    {
        LogHandshakeFailed(remote.ToString(), ex.Error, ex.Message);
        var misbehaviour = ex.Error switch
        {
            HandshakeError.Malformed or HandshakeError.BadSignature => Misbehaviour.InvalidFrame,
            HandshakeError.WrongChainId or HandshakeError.WrongGenesis or HandshakeError.NotMember
                or HandshakeError.ProtocolVersionMismatch or HandshakeError.Banned => Misbehaviour.FailedHandshake,
            _ => (Misbehaviour?)null,
        };
        if (misbehaviour is { } m)
        {
            AddressScores.Report(remote.Address, m);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Accepting a connection failed: {Reason}")]
    private partial void LogAcceptFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handshake with {Remote} refused: {Error} ({Reason})")]
    private partial void LogHandshakeFailed(string remote, HandshakeError error, string reason);
}
