using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Mempool;
using EnergyChain.Node.Api;
using EnergyChain.Node.Hosting;
using EnergyChain.Node.Network;
using EnergyChain.Rpc.V1;
using Google.Protobuf;
using Grpc.Core;
using Block = EnergyChain.Core.Blocks.Block;
using BlockEvent = EnergyChain.Rpc.V1.BlockEvent;
using Status = EnergyChain.Rpc.V1.Status;
using TxStatus = EnergyChain.Rpc.V1.TxStatus;

namespace EnergyChain.Node.Grpc;

/// <summary>
/// The node's gRPC service. Every call goes the way its HTTP twin does: submissions into <see cref="TxPool.Add(ReadOnlySpan{byte})"/>
/// with the same typed refusals, the same status and account views, blocks from the store, and block and market
/// streams from <see cref="BlockEventHub"/>.
/// </summary>
internal sealed class NodeGrpcService(NodeServices node, NodeNetwork network, GrpcEndpointOptions options) : Rpc.V1.Node.NodeBase
{
    /// <summary>How many refusals a SubmitStream reply names (the counts cover all).</summary>
    public const int MaxNamedRefusals = 100;

    /// <summary>How long SubmitStream holds a transaction that waits for room in the pool before refusing it.</summary>
    public static readonly TimeSpan StreamHoldLimit = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan StreamRetryInterval = TimeSpan.FromMilliseconds(20);

    public override Task<SubmitReply> Submit(SubmitRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var admission = node.Pool.Add(request.Tx.Span);
        if (admission.Rejection is { } rejection)
        {
            throw GrpcErrors.Refusal(rejection);
        }

        return Task.FromResult(new SubmitReply
        {
            Hash = Bytes(admission.Hash),
            Status = TxStatus.Pending,
            AlreadyKnown = admission.Status == TxAdmissionStatus.AlreadyKnown,
        });
    }

    public override async Task<SubmitStreamReply> SubmitStream(IAsyncStreamReader<SubmitRequest> requestStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(context);
        var reply = new SubmitStreamReply();
        ulong index = 0;
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            var admission = await AdmitWhenThereIsRoomAsync(requestStream.Current.Tx, context.CancellationToken).ConfigureAwait(false);
            if (admission.Rejection is { } rejection)
            {
                reply.Refused++;
                if (reply.Refusals.Count < MaxNamedRefusals)
                {
                    reply.Refusals.Add(new SubmitRefusal { Index = index, Code = rejection.Error.ToString(), Message = rejection.Message });
                }
            }
            else if (admission.Status == TxAdmissionStatus.AlreadyKnown)
            {
                reply.AlreadyKnown++;
            }
            else
            {
                reply.Accepted++;
            }

            index++;
        }

        return reply;
    }

    /// <summary>
    /// A stream's transaction refused only for want of room (pool full, nonce too far ahead of the pool) waits for
    /// room instead: the stream is not read meanwhile, so HTTP/2 flow control holds the sender back, which is what
    /// an aggregator streaming thousands of transactions needs rather than a refusal it must resubmit. After
    /// <see cref="StreamHoldLimit"/> the refusal stands.
    /// </summary>
    private async Task<TxAdmission> AdmitWhenThereIsRoomAsync(ByteString tx, CancellationToken cancellationToken)
    {
        var admission = node.Pool.Add(tx.Span);
        var waited = TimeSpan.Zero;
        while (admission.Rejection is { Error: TxError.PoolFull or TxError.NonceTooFarAhead } && waited < StreamHoldLimit)
        {
            await Task.Delay(StreamRetryInterval, node.Time, cancellationToken).ConfigureAwait(false);
            waited += StreamRetryInterval;
            admission = node.Pool.Add(tx.Span);
        }

        return admission;
    }

    public override Task<Status> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var status = NodeStatusView.Of(node, network);
        return Task.FromResult(new Status
        {
            ChainId = status.ChainId,
            Engine = status.Engine,
            GenesisHash = Bytes(status.GenesisHash),
            Height = status.Height,
            FinalizedHeight = status.FinalizedHeight,
            HeadHash = Bytes(status.HeadHash),
            StateRoot = Bytes(status.StateRoot),
            Peers = (uint)status.Peers,
            MempoolCount = (uint)status.MempoolCount,
            MempoolBytes = (ulong)status.MempoolBytes,
            NodeAddress = status.NodeAddress.ToString(),
            HttpApi = options.HttpApi,
        });
    }

    public override Task<Account> GetAccount(GetAccountRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Address.TryParse(request.Address, out var address, out var error))
        {
            throw GrpcErrors.Of(GrpcErrors.BadRequest, error);
        }

        var account = AccountView.Of(node, address);
        return Task.FromResult(new Account
        {
            Address = account.Address.ToString(),
            Balance = account.Balance,
            Nonce = account.Nonce,
            Stake = account.Stake,
            SlashedTotal = account.SlashedTotal,
            PendingCount = (uint)account.PendingCount,
        });
    }

    public override Task<Rpc.V1.Block> GetBlock(GetBlockRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        Block? block;
        string name;
        switch (request.SelectorCase)
        {
            case GetBlockRequest.SelectorOneofCase.Height:
                block = node.Store.GetBlock(request.Height);
                name = request.Height.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case GetBlockRequest.SelectorOneofCase.Hash:
                if (request.Hash.Length != 32)
                {
                    throw GrpcErrors.Of(GrpcErrors.BadRequest, $"a block hash is 32 bytes, not {request.Hash.Length}");
                }

                var hash = new Hash256(request.Hash.Span);
                block = node.Store.GetBlock(hash);
                name = hash.ToString();
                break;
            default:
                var head = node.Chain.Head.Height;
                block = node.Store.GetBlock(head);
                name = head.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
        }

        return block is null
            ? throw GrpcErrors.Of(GrpcErrors.NotFound, $"no block {name}")
            : Task.FromResult(BlockReply(block));
    }

    public override async Task SubscribeBlocks(SubscribeBlocksRequest request, IServerStreamWriter<BlockEvent> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;

        // Subscribed before the head is read, so no block commits unseen between the replay and the live stream.
        var reader = node.Events.Subscribe(out var unsubscribe);
        try
        {
            var next = request.HasFromHeight ? request.FromHeight : node.Chain.Head.Height + 1;
            next = await ReplayAsync(next, node.Chain.Head.Height, responseStream, ct).ConfigureAwait(false);
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (reader.TryRead(out var evt))
                {
                    if (evt.Height < next)
                    {
                        continue; // already replayed
                    }

                    // A slow subscriber's queue drops its oldest events: what it missed comes from the store.
                    next = await ReplayAsync(next, evt.Height - 1, responseStream, ct).ConfigureAwait(false);
                    await responseStream.WriteAsync(EventOf(evt), ct).ConfigureAwait(false);
                    next = evt.Height + 1;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            unsubscribe();
        }
    }

    public override async Task SubscribeMarket(SubscribeMarketRequest request, IServerStreamWriter<MarketEvent> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        if (NodeEngines.MarketFeedOf(node.Engine) is not { } feed || !node.EngineNode.Routes.TryGetValue(feed.Path, out var route))
        {
            throw GrpcErrors.Of(GrpcErrors.NotFound, $"the {node.Engine} engine runs no market (poeg and posoc do)");
        }

        var ct = context.CancellationToken;
        var reader = node.Events.Subscribe(out var unsubscribe);
        try
        {
            var watcher = MarketWatcher.StartingNow(feed, route, node.Chain.Head.Height);
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (reader.TryRead(out _))
                {
                }

                foreach (var evt in watcher.Advance(node.Chain.Head.Height))
                {
                    await responseStream.WriteAsync(evt, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            unsubscribe();
        }
    }

    /// <summary>Sends stored blocks <paramref name="from"/>..<paramref name="through"/>; returns the next height to send.</summary>
    private async Task<ulong> ReplayAsync(ulong from, ulong through, IServerStreamWriter<BlockEvent> stream, CancellationToken ct)
    {
        var next = from;
        while (next <= through && node.Store.GetBlock(next) is { } block)
        {
            await stream.WriteAsync(EventOf(block), ct).ConfigureAwait(false);
            next++;
        }

        return next;
    }

    private static BlockEvent EventOf(Block block) => new()
    {
        Height = block.Height,
        Hash = Bytes(block.Hash),
        TxCount = (uint)block.Transactions.Count,
        StateRoot = Bytes(block.Header.StateRoot),
        Timestamp = block.Header.Timestamp,
    };

    private static BlockEvent EventOf(Api.BlockEvent evt) => new()
    {
        Height = evt.Height,
        Hash = ByteString.CopyFrom(Convert.FromHexString(evt.Hash)),
        TxCount = (uint)evt.TxCount,
        StateRoot = ByteString.CopyFrom(Convert.FromHexString(evt.StateRoot)),
        Timestamp = evt.Timestamp,
    };

    private static Rpc.V1.Block BlockReply(Block block)
    {
        var header = block.Header;
        var reply = new Rpc.V1.Block
        {
            Height = header.Height,
            Hash = Bytes(block.Hash),
            ParentHash = Bytes(header.ParentHash),
            Timestamp = header.Timestamp,
            Slot = header.Slot,
            Producer = header.HasProducer ? ByteString.CopyFrom(header.Producer.Span) : ByteString.Empty,
            TxRoot = Bytes(header.TxRoot),
            StateRoot = Bytes(header.StateRoot),
            TxCount = (uint)block.Transactions.Count,
        };
        foreach (var tx in block.Transactions)
        {
            reply.Transactions.Add(ByteString.CopyFrom(tx.Encoded));
            reply.TransactionHashes.Add(Bytes(tx.Hash));
        }

        return reply;
    }

    private static ByteString Bytes(Hash256 hash) => ByteString.CopyFrom(hash.ToArray());
}
