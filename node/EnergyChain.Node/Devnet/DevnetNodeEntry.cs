namespace EnergyChain.Node.Devnet;

/// <summary>One node of the devnet in <c>devnet.json</c>.</summary>
public sealed record DevnetNodeEntry
{
    public required string Name { get; init; }

    /// <summary>Base URL of the HTTP API, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public required string Api { get; init; }

    /// <summary>The gRPC API's HOST:PORT (what <c>ecw --node</c> takes), or <c>off</c>.</summary>
    public string? Grpc { get; init; }

    /// <summary>P2P listen address HOST:PORT.</summary>
    public required string P2p { get; init; }

    /// <summary>Absolute path of the node's home.</summary>
    public required string Home { get; init; }

    /// <summary>The node key's account address (holds the member's balance and stake).</summary>
    public string? Address { get; init; }

    /// <summary>The address of the node's participant's meter, when the engine's participants have meters.</summary>
    public string? Meter { get; init; }

    /// <summary>Absolute path of that meter's key file (hex, mode 0600; <c>ecw key import --file</c> takes it).</summary>
    public string? MeterKey { get; init; }

    /// <summary>Absolute path of the node's stdout/stderr log.</summary>
    public string? Log { get; init; }

    /// <summary>Process id of the node (0 before it started).</summary>
    public int Pid { get; init; }
}
