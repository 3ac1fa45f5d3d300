using System.Threading.Channels;
using EnergyChain.Rpc.V1;
using Grpc.Net.Client;
using RpcNode = EnergyChain.Rpc.V1.Node;

namespace EnergyChain.LoadGen;

/// <summary>
/// Client streams into the nodes' gRPC <c>SubmitStream</c>: <c>lanesPerNode</c> streams to each node, each fed by its own
/// queue (a gRPC stream takes one write at a time). The caller puts a sender's transactions on one lane, so they
/// arrive in nonce order. The node holds a stream back while its pool is full, so HTTP/2 flow control paces the
/// writers: no retries here, and any refusal the replies report is an error of the run.
/// </summary>
internal sealed class GrpcLanes : IAsyncDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly Channel<SubmitRequest>[] _queues;
    private readonly Task<SubmitStreamReply>[] _pumps;

    private GrpcLanes(IReadOnlyList<string> addresses, int lanesPerNode)
    {
        LanesPerNode = lanesPerNode;
        _channels = addresses.Select(a => GrpcChannel.ForAddress(a.Contains("://", StringComparison.Ordinal) ? a : "http://" + a)).ToArray();
        _queues = new Channel<SubmitRequest>[_channels.Length * lanesPerNode];
        _pumps = new Task<SubmitStreamReply>[_queues.Length];
        for (var lane = 0; lane < _queues.Length; lane++)
        {
            // Bounded, so a run of a million transfers does not queue them all as gRPC messages at once.
            _queues[lane] = Channel.CreateBounded<SubmitRequest>(new BoundedChannelOptions(4_096) { SingleReader = true, SingleWriter = false });
            _pumps[lane] = PumpAsync(new RpcNode.NodeClient(_channels[lane / lanesPerNode]), _queues[lane]);
        }
    }

    public int LanesPerNode { get; }

    public static GrpcLanes Open(IReadOnlyList<string> addresses, int lanesPerNode) => new(addresses, Math.Max(1, lanesPerNode));

    /// <summary>Queues <paramref name="request"/> on lane <paramref name="lane"/> of node <paramref name="node"/>.</summary>
    public ValueTask WriteAsync(int node, int lane, SubmitRequest request) =>
        _queues[(node * LanesPerNode) + (lane % LanesPerNode)].Writer.WriteAsync(request);

    /// <summary>Ends every stream and adds up the nodes' replies.</summary>
    public async Task<SubmitStreamReply> CompleteAsync()
    {
        foreach (var queue in _queues)
        {
            queue.Writer.TryComplete();
        }

        var total = new SubmitStreamReply();
        foreach (var reply in await Task.WhenAll(_pumps))
        {
            total.Accepted += reply.Accepted;
            total.AlreadyKnown += reply.AlreadyKnown;
            total.Refused += reply.Refused;
            total.Refusals.AddRange(reply.Refusals.Take(Math.Max(0, 10 - total.Refusals.Count)));
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var queue in _queues)
        {
            queue.Writer.TryComplete();
        }

        await ((Task)Task.WhenAll(_pumps)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }

    private static async Task<SubmitStreamReply> PumpAsync(RpcNode.NodeClient client, Channel<SubmitRequest> queue)
    {
        try
        {
            using var call = client.SubmitStream();
            await foreach (var request in queue.Reader.ReadAllAsync())
            {
                await call.RequestStream.WriteAsync(request);
            }

            await call.RequestStream.CompleteAsync();
            return await call.ResponseAsync;
        }
        catch (Exception e)
        {
            // Nobody reads this lane any more: fail its writer too, or it would wait forever on the full queue.
            queue.Writer.TryComplete(e);
            throw;
        }
    }
}
