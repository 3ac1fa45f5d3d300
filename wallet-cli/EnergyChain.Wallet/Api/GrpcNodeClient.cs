using System.Globalization;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Rpc.V1;
using EnergyChain.Wallet.Output;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace EnergyChain.Wallet.Api;

/// <summary>
/// The node's gRPC API (docs/grpc.md), the way <c>ecw</c> talks to a node by default. Status, account, block and
/// submit travel over gRPC; the views gRPC has no method for (members, market, V2V, consensus, model, transaction
/// lookup) go to the HTTP API at the address GetStatus reports, so one <c>--node</c> address is enough. Answers are
/// the JSON shapes of the HTTP API, and errors the same <see cref="NodeApiException"/>s with the same codes.
/// </summary>
internal sealed class GrpcNodeClient : INodeApi, IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Rpc.V1.Node.NodeClient _client;
    private readonly Func<Uri, NodeClient> _http;
    private readonly string? _token;
    private readonly TimeSpan _timeout;
    private NodeClient? _httpClient;

    /// <param name="address">The gRPC endpoint, e.g. http://127.0.0.1:8647.</param>
    /// <param name="http">Makes the HTTP client for the views without a gRPC method, given the node's HTTP API URL.</param>
    /// <param name="token">The API token, sent with writes (a node off loopback needs it).</param>
    /// <param name="timeout">Deadline of each call.</param>
    public GrpcNodeClient(Uri address, Func<Uri, NodeClient> http, string? token, TimeSpan timeout)
    {
        Address = address;
        _http = http;
        _token = token;
        _timeout = timeout;

        // Blocks can be far larger than gRPC's default 4 MB answer limit (a block is at most 32 MiB).
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = Core.Blocks.Block.MaxEncodedSize + (1024 * 1024),
            HttpHandler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), EnableMultipleHttp2Connections = true },
        });
        _client = new Rpc.V1.Node.NodeClient(_channel);
    }

    public Uri Address { get; }

    public async Task<JsonElement> GetStatusAsync(CancellationToken ct = default)
    {
        var status = await CallAsync(() => _client.GetStatusAsync(new GetStatusRequest(), Options(ct)).ResponseAsync, ct).ConfigureAwait(false);
        return JsonSerializer.SerializeToElement(new
        {
            chainId = status.ChainId,
            engine = status.Engine,
            genesisHash = Hex(status.GenesisHash),
            height = status.Height,
            finalizedHeight = status.FinalizedHeight,
            headHash = Hex(status.HeadHash),
            stateRoot = Hex(status.StateRoot),
            peers = status.Peers,
            mempool = new { count = status.MempoolCount, bytes = status.MempoolBytes },
            nodeAddress = status.NodeAddress,
            httpApi = status.HttpApi,
        });
    }

    public async Task<JsonElement> GetAccountAsync(string address, CancellationToken ct = default)
    {
        var account = await CallAsync(() => _client.GetAccountAsync(new GetAccountRequest { Address = address }, Options(ct)).ResponseAsync, ct).ConfigureAwait(false);
        return JsonSerializer.SerializeToElement(new
        {
            address = account.Address,
            balance = account.Balance,
            nonce = account.Nonce,
            stake = account.Stake,
            slashedTotal = account.SlashedTotal,
            pendingCount = account.PendingCount,
        });
    }

    /// <summary>
    /// A block by height or hash. Its transactions come as their canonical bytes and are decoded here; each is shown
    /// with a <c>summary</c> line in place of the HTTP API's payload object.
    /// </summary>
    public async Task<JsonElement> GetBlockAsync(string id, CancellationToken ct = default)
    {
        var request = ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            ? new GetBlockRequest { Height = height }
            : Hash256.TryParse(id, out var hash)
                ? new GetBlockRequest { Hash = ByteString.CopyFrom(hash.ToArray()) }
                : throw new NodeApiException(400, "BadRequest", "a block is named by its height or its 64-hex-digit hash");
        var block = await CallAsync(() => _client.GetBlockAsync(request, Options(ct)).ResponseAsync, ct).ConfigureAwait(false);
        var transactions = new List<object>();
        foreach (var bytes in block.Transactions)
        {
            Transaction tx;
            try
            {
                tx = Transaction.Decode(bytes.Span);
            }
            catch (Core.Codec.DecodeException e)
            {
                throw new WalletException($"the node at {Address} sent block {block.Height} with a transaction that does not decode: {e.Message}", inner: e);
            }

            transactions.Add(new
            {
                hash = tx.Hash.ToString(),
                chainId = tx.ChainId,
                type = tx.Type.ToString(),
                sender = tx.Sender.ToString(),
                from = tx.SenderAddress.ToString(),
                nonce = tx.Nonce,
                fee = tx.Fee,
                summary = TxDescriber.Summary(tx.Payload),
            });
        }

        return JsonSerializer.SerializeToElement(new
        {
            height = block.Height,
            hash = Hex(block.Hash),
            parentHash = Hex(block.ParentHash),
            timestamp = block.Timestamp,
            slot = block.Slot,
            producer = block.Producer.IsEmpty ? null : Hex(block.Producer),
            txRoot = Hex(block.TxRoot),
            stateRoot = Hex(block.StateRoot),
            txCount = block.TxCount,
            transactions,
        });
    }

    public async Task<JsonElement> SubmitTransactionAsync(byte[] encoded, CancellationToken ct = default)
    {
        var request = new SubmitRequest { Tx = ByteString.CopyFrom(encoded) };
        var reply = await CallAsync(() => _client.SubmitAsync(request, Options(ct, write: true)).ResponseAsync, ct).ConfigureAwait(false);
        return JsonSerializer.SerializeToElement(new { hash = Hex(reply.Hash), status = "pending" });
    }

    public async Task<JsonElement> GetTransactionAsync(string hash, CancellationToken ct = default) =>
        await (await HttpAsync(ct).ConfigureAwait(false)).GetTransactionAsync(hash, ct).ConfigureAwait(false);

    public async Task<JsonElement> GetConsensusAsync(CancellationToken ct = default) =>
        await (await HttpAsync(ct).ConfigureAwait(false)).GetConsensusAsync(ct).ConfigureAwait(false);

    public async Task<JsonElement> GetModelAsync(CancellationToken ct = default) =>
        await (await HttpAsync(ct).ConfigureAwait(false)).GetModelAsync(ct).ConfigureAwait(false);

    public async Task<JsonElement> GetMarketAsync(ulong slot, string address, CancellationToken ct = default) =>
        await (await HttpAsync(ct).ConfigureAwait(false)).GetMarketAsync(slot, address, ct).ConfigureAwait(false);

    public async Task<JsonElement> GetV2vHourAsync(ulong hour, CancellationToken ct = default) =>
        await (await HttpAsync(ct).ConfigureAwait(false)).GetV2vHourAsync(hour, ct).ConfigureAwait(false);

    public async Task<JsonElement> GetV2vTradesAsync(string address, int hours, CancellationToken ct = default) =>
        await (await HttpAsync(ct).ConfigureAwait(false)).GetV2vTradesAsync(address, hours, ct).ConfigureAwait(false);

    public async Task<JsonElement> GetMembersAsync(CancellationToken ct = default) =>
        await (await HttpAsync(ct).ConfigureAwait(false)).GetMembersAsync(ct).ConfigureAwait(false);

    public void Dispose() => _channel.Dispose();

    /// <summary>
    /// The node's HTTP API as GetStatus names it. A wildcard bind (0.0.0.0, [::]) is reached at the host this client
    /// reaches the gRPC API at.
    /// </summary>
    public static Uri HttpApiOf(string httpApi, Uri grpcAddress)
    {
        if (!Uri.TryCreate(httpApi, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new WalletException($"the node at {grpcAddress} reports no usable HTTP API ('{httpApi}'), which this command needs; or use --http --node <its HTTP URL>");
        }

        return uri.Host is "0.0.0.0" or "[::]" or "::" ? new UriBuilder(uri) { Host = grpcAddress.Host }.Uri : uri;
    }

    private async Task<NodeClient> HttpAsync(CancellationToken ct)
    {
        if (_httpClient is null)
        {
            var status = await GetStatusAsync(ct).ConfigureAwait(false);
            _httpClient = _http(HttpApiOf(NodeViews.OptionalString(status, "httpApi") ?? string.Empty, Address));
        }

        return _httpClient;
    }

    private CallOptions Options(CancellationToken ct, bool write = false)
    {
        Metadata? headers = null;
        if (write && _token is not null)
        {
            headers = new Metadata { { "authorization", $"Bearer {_token}" } };
        }

        return new CallOptions(headers, DateTime.UtcNow + _timeout, ct);
    }

    private async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        catch (RpcException e)
        {
            throw ErrorFrom(e, Address, _timeout);
        }
    }

    /// <summary>
    /// The node's status as the HTTP client would report it: "Code: message" details become <see cref="NodeApiException"/>s
    /// with the HTTP status the same refusal gets over HTTP; no connection is "cannot reach the node".
    /// </summary>
    public static WalletException ErrorFrom(RpcException e, Uri address, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(e);
        var detail = e.Status.Detail;
        switch (e.StatusCode)
        {
            case StatusCode.Unavailable:
                return new WalletException($"cannot reach the node at {address}: {Innermost(e)}", inner: e);
            case StatusCode.DeadlineExceeded:
                return new WalletException($"cannot reach the node at {address}: no answer within {timeout.TotalSeconds:0} s", inner: e);
        }

        var colon = detail.IndexOf(": ", StringComparison.Ordinal);
        var (code, message) = colon > 0 && !detail[..colon].Contains(' ', StringComparison.Ordinal)
            ? (detail[..colon], detail[(colon + 2)..])
            : ($"gRPC {e.StatusCode}", detail);
        var status = e.StatusCode switch
        {
            StatusCode.NotFound => 404,
            StatusCode.Unauthenticated => 401,
            StatusCode.ResourceExhausted when code == "PayloadTooLarge" || colon <= 0 => 413,
            StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.ResourceExhausted => 400,
            _ => 500,
        };
        return new NodeApiException(status, code, message);
    }

    private static string Innermost(RpcException e)
    {
        Exception inner = e;
        while (inner.InnerException is { Message.Length: > 0 } next)
        {
            inner = next;
        }

        return ReferenceEquals(inner, e) ? e.Status.Detail : inner.Message;
    }

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
