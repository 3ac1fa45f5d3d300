using System.Net;
using System.Net.Sockets;

namespace EnergyChain.P2P.Tests.Support;

/// <summary>Two connected TCP sockets on 127.0.0.1 (port 0). Disposing closes both.</summary>
public sealed class LoopbackPair : IAsyncDisposable
{
    private readonly TcpClient _initiator;
    private readonly TcpClient _responder;

    private LoopbackPair(TcpClient initiator, TcpClient responder)
    {
        _initiator = initiator;
        _responder = responder;
        Initiator = initiator.GetStream();
        Responder = responder.GetStream();
    }

    public NetworkStream Initiator { get; }

    public NetworkStream Responder { get; }

    public static async Task<LoopbackPair> CreateAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        try
        {
            var accept = listener.AcceptTcpClientAsync();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            var server = await accept;
            client.NoDelay = true;
            server.NoDelay = true;
            return new LoopbackPair(client, server);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        finally
        {
            listener.Stop();
        }
    }

    public ValueTask DisposeAsync()
    {
        _initiator.Dispose();
        _responder.Dispose();
        return ValueTask.CompletedTask;
    }
}
