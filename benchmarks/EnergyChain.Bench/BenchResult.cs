namespace EnergyChain.Bench;

/// <summary>A whole run: where and how it ran, every cell, and the peer with its ratios.</summary>
public sealed record BenchResult
{
    public required string Command { get; init; }

    public required string Mode { get; init; }

    public required DateTimeOffset Started { get; init; }

    public double WallSeconds { get; init; }

    /// <summary>Cores, OS, and the load average when the run started (the machine is shared: read the figures with it).</summary>
    public required string Machine { get; init; }

    public int Seconds { get; init; }

    public int WarmupSeconds { get; init; }

    /// <summary>"grpc" or "http": how the transfers reached the nodes.</summary>
    public string Transport { get; init; } = "grpc";

    public int BlockIntervalMs { get; init; }

    public IReadOnlyList<CellResult> Cells { get; init; } = [];

    public IReadOnlyList<PeerResult> Peers { get; init; } = [];

    public IReadOnlyList<PeerRatio> Ratios { get; init; } = [];
}
