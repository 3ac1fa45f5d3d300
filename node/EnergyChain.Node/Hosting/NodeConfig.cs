using System.Text.Json;
using System.Text.Json.Serialization;
using EnergyChain.Core.Storage;

namespace EnergyChain.Node.Hosting;

/// <summary>The node's config.json. Command-line options override it for one run.</summary>
public sealed record NodeConfig
{
    public const string DefaultApi = "127.0.0.1:8645";
    public const string DefaultP2p = "0.0.0.0:8646";
    public const string DefaultGrpc = "127.0.0.1:8647";

    /// <summary>The <see cref="Grpc"/> value that serves no gRPC.</summary>
    public const string GrpcOff = "off";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>HOST:PORT for the HTTP API. Loopback by default; any other address requires the token for writes.</summary>
    public string Api { get; init; } = DefaultApi;

    /// <summary>
    /// HOST:PORT for the gRPC API (docs/grpc.md), or <see cref="GrpcOff"/>. Its own port: cleartext HTTP/2 cannot
    /// share the HTTP/1.1 API's. Loopback by default; any other address requires the token for writes.
    /// </summary>
    public string Grpc { get; init; } = DefaultGrpc;

    /// <summary>Bearer token for write calls when the API is not on loopback.</summary>
    public string ApiToken { get; init; } = string.Empty;

    /// <summary>Single-node mode: how often the node tries to produce a block.</summary>
    public int BlockIntervalMs { get; init; } = 1000;

    /// <summary>Single-node mode skips empty blocks by default, so an idle chain does not grow.</summary>
    public bool ProduceEmptyBlocks { get; init; }

    /// <summary>Serilog minimum level: Verbose, Debug, Information, Warning, Error, Fatal.</summary>
    public string LogLevel { get; init; } = "Information";

    /// <summary>
    /// HOST:PORT to accept P2P connections on. Empty: no P2P for a one-member chain, <see cref="DefaultP2p"/> when
    /// the genesis has more members (every member needs to reach the others).
    /// </summary>
    public string P2p { get; init; } = string.Empty;

    /// <summary>Bootstrap peers (HOST:PORT) dialed at start and redialed with backoff whenever they drop.</summary>
    public IReadOnlyList<string> Peers { get; init; } = [];

    public int MaxInboundPeers { get; init; } = 16;

    public int MaxOutboundPeers { get; init; } = 8;

    /// <summary>Announce this node and find others on the LAN with mDNS/DNS-SD (<c>_energychain._tcp.local</c>).</summary>
    public bool Mdns { get; init; }

    public int MempoolMaxTransactions { get; init; } = 50_000;

    public long MempoolMaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// The block store: <c>sqlite</c> (default, data/chain.db) or <c>litedb</c> (data/chain.litedb). Each has its own
    /// file, so switching starts from an empty store (the node syncs again or starts a new chain).
    /// </summary>
    public string Store { get; init; } = "sqlite";

    /// <summary><see cref="Store"/> parsed; only valid on a <see cref="Validated"/> config.</summary>
    [JsonIgnore]
    public BlockStoreKind StoreKind => BlockStores.TryParse(Store, out var kind) ? kind : throw new NodeSetupException($"store '{Store}' is not one of {string.Join(", ", BlockStores.Names)}");

    [JsonIgnore]
    public string? SourcePath { get; init; }

    public static NodeConfig Load(string path)
    {
        try
        {
            var config = JsonSerializer.Deserialize<NodeConfig>(File.ReadAllText(path), JsonOptions)
                ?? throw new NodeSetupException($"{path}: empty config");
            return (config with { SourcePath = path }).Validated();
        }
        catch (JsonException e)
        {
            throw new NodeSetupException($"{path}: not a valid config file: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new NodeSetupException($"cannot read {path}: {e.Message}", e);
        }
    }

    /// <summary>Writes the config readable only by the owner: it holds the API token.</summary>
    public void Save(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, System.Text.Encoding.UTF8, options);
        writer.Write(JsonSerializer.Serialize(this, JsonOptions) + "\n");
    }

    public NodeConfig Validated()
    {
        var where = SourcePath ?? "config";
        if (!ApiEndpoint.TryParse(Api, out _, out var error))
        {
            throw new NodeSetupException($"{where}: api: {error}");
        }

        if (Grpc != GrpcOff)
        {
            if (!ApiEndpoint.TryParse(Grpc, out var grpc, out var grpcError))
            {
                throw new NodeSetupException($"{where}: grpc: {grpcError} (or '{GrpcOff}')");
            }

            // Requests are told apart by the port they came in on (ApiServer.Map).
            ApiEndpoint.TryParse(Api, out var api, out _);
            if (grpc.Port == api.Port || grpc.Port == 0)
            {
                throw new NodeSetupException($"{where}: grpc: needs a port of its own, not {grpc.Port} (the HTTP API is on {Api})");
            }
        }

        if (P2p.Length > 0 && !P2P.Network.PeerAddress.TryParse(P2p, out _, out var p2pError))
        {
            throw new NodeSetupException($"{where}: p2p: {p2pError}");
        }

        foreach (var peer in Peers)
        {
            if (!P2P.Network.PeerAddress.TryParse(peer, out _, out var peerError))
            {
                throw new NodeSetupException($"{where}: peers: {peerError}");
            }
        }

        if (MaxInboundPeers is < 0 or > 1000 || MaxOutboundPeers is < 0 or > 1000)
        {
            throw new NodeSetupException($"{where}: maxInboundPeers and maxOutboundPeers must be between 0 and 1000");
        }

        if (BlockIntervalMs is < 10 or > 3_600_000)
        {
            throw new NodeSetupException($"{where}: blockIntervalMs must be between 10 and 3600000");
        }

        if (!Enum.TryParse<Serilog.Events.LogEventLevel>(LogLevel, ignoreCase: true, out _))
        {
            throw new NodeSetupException($"{where}: logLevel '{LogLevel}' is not one of Verbose, Debug, Information, Warning, Error, Fatal");
        }

        if (MempoolMaxTransactions < 1 || MempoolMaxBytes < 1024)
        {
            throw new NodeSetupException($"{where}: mempool limits are too small");
        }

        if (!BlockStores.TryParse(Store, out _))
        {
            throw new NodeSetupException($"{where}: store '{Store}' is not one of {string.Join(", ", BlockStores.Names)}");
        }

        return this;
    }
}
