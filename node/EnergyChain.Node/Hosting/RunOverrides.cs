namespace EnergyChain.Node.Hosting;

/// <summary>Command-line values that replace config.json's for one run.</summary>
public sealed record RunOverrides(string? Api, int? BlockIntervalMs, string? LogLevel, bool? ProduceEmptyBlocks, string? P2p = null, IReadOnlyList<string>? Peers = null, bool? Mdns = null, string? Grpc = null)
{
    public NodeConfig ApplyTo(NodeConfig config) => (config with
    {
        Api = Api ?? config.Api,
        Grpc = Grpc ?? config.Grpc,
        P2p = P2p ?? config.P2p,
        Peers = Peers is { Count: > 0 } ? Peers : config.Peers,
        Mdns = Mdns ?? config.Mdns,
        BlockIntervalMs = BlockIntervalMs ?? config.BlockIntervalMs,
        LogLevel = LogLevel ?? config.LogLevel,
        ProduceEmptyBlocks = ProduceEmptyBlocks ?? config.ProduceEmptyBlocks,
        SourcePath = "command line",
    }).Validated();
}
