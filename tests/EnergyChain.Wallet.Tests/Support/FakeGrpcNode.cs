using System.Net;
using EnergyChain.Core.Transactions;
using EnergyChain.Rpc.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Block = EnergyChain.Rpc.V1.Block;
using Status = EnergyChain.Rpc.V1.Status;

namespace EnergyChain.Wallet.Tests.Support;

/// <summary>
/// A stand-in for the node's gRPC API on a real loopback port (Kestrel, cleartext HTTP/2), for the wallet's default
/// path. It reports <see cref="HttpApi"/> as the node's HTTP API, which the wallet reaches through its
/// <see cref="FakeNode"/> handler for the calls gRPC has no method for. Always disposed by the test.
/// </summary>
internal sealed class FakeGrpcNode : Rpc.V1.Node.NodeBase, IAsyncDisposable
{
    public const string HttpApi = "http://node.test:8645";

    private readonly WebApplication _app;

    private FakeGrpcNode(int port)
    {
        Port = port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(this);
        _app = builder.Build();
        _app.MapGrpcService<FakeGrpcNode>();
    }

    public int Port { get; }

    /// <summary>What <c>--node</c> takes.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public ulong Height { get; set; } = 41;

    public Dictionary<string, (ulong Balance, ulong Nonce, uint Pending)> Accounts { get; } = new();

    public List<Transaction> Submitted { get; } = [];

    /// <summary>Every call by method name, in order.</summary>
    public List<string> Calls { get; } = [];

    /// <summary>The authorization metadata of each Submit.</summary>
    public List<string?> Authorizations { get; } = [];

    /// <summary>When set, Submit refuses with this status and detail ("Code: message").</summary>
    public (StatusCode Status, string Detail)? Refusal { get; set; }

    /// <summary>Told of every accepted transaction (a test hands it to the <see cref="FakeNode"/> that answers lookups).</summary>
    public Action<Transaction>? OnSubmitted { get; set; }

    /// <summary>Block <see cref="Height"/> holds these transactions.</summary>
    public List<Transaction> BlockTransactions { get; } = [];

    public static async Task<FakeGrpcNode> StartAsync()
    {
        var node = new FakeGrpcNode(FreePort.Get());
        await node._app.StartAsync();
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public override Task<Status> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        Record("GetStatus");
        return Task.FromResult(new Status
        {
            ChainId = FakeNode.ChainId,
            Engine = "single",
            GenesisHash = ByteString.CopyFrom(new byte[32]),
            Height = Height,
            HeadHash = ByteString.CopyFrom(Enumerable.Repeat((byte)0xab, 32).ToArray()),
            StateRoot = ByteString.CopyFrom(new byte[32]),
            NodeAddress = "ec-fake",
            HttpApi = HttpApi,
        });
    }

    public override Task<Account> GetAccount(GetAccountRequest request, ServerCallContext context)
    {
        Record("GetAccount");
        if (!Core.Crypto.Address.TryParse(request.Address, out _, out var error))
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.InvalidArgument, $"BadRequest: {error}"));
        }

        var (balance, nonce, pending) = Accounts.GetValueOrDefault(request.Address, (1_000_000UL, 0UL, 0U));
        return Task.FromResult(new Account { Address = request.Address, Balance = balance, Nonce = nonce, PendingCount = pending });
    }

    public override Task<Block> GetBlock(GetBlockRequest request, ServerCallContext context)
    {
        Record("GetBlock");
        if (request.SelectorCase != GetBlockRequest.SelectorOneofCase.Height || request.Height != Height)
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.NotFound, $"NotFound: no block {request.Height}"));
        }

        var block = new Block
        {
            Height = Height,
            Hash = ByteString.CopyFrom(Enumerable.Repeat((byte)0xab, 32).ToArray()),
            ParentHash = ByteString.CopyFrom(new byte[32]),
            Timestamp = 1_700_000_000_000,
            Slot = Height,
            TxRoot = ByteString.CopyFrom(new byte[32]),
            StateRoot = ByteString.CopyFrom(new byte[32]),
            TxCount = (uint)BlockTransactions.Count,
        };
        foreach (var tx in BlockTransactions)
        {
            block.Transactions.Add(ByteString.CopyFrom(tx.Encoded));
            block.TransactionHashes.Add(ByteString.CopyFrom(tx.Hash.ToArray()));
        }

        return Task.FromResult(block);
    }

    public override Task<SubmitReply> Submit(SubmitRequest request, ServerCallContext context)
    {
        Record("Submit");
        lock (Authorizations)
        {
            Authorizations.Add(context.RequestHeaders.GetValue("authorization"));
        }

        if (Refusal is { } refusal)
        {
            throw new RpcException(new global::Grpc.Core.Status(refusal.Status, refusal.Detail));
        }

        var tx = Transaction.Decode(request.Tx.Span);
        lock (Submitted)
        {
            Submitted.Add(tx);
        }

        OnSubmitted?.Invoke(tx);

        return Task.FromResult(new SubmitReply { Hash = ByteString.CopyFrom(tx.Hash.ToArray()), Status = Rpc.V1.TxStatus.Pending });
    }

    private void Record(string call)
    {
        lock (Calls)
        {
            Calls.Add(call);
        }
    }
}
