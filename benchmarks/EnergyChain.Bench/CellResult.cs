namespace EnergyChain.Bench;

/// <summary>
/// The figures of one cell (see docs/consensus-benchmark.md for each definition). Latencies are submission to
/// finality at node 0 in ms (BFT engines: the block's commit; pow: the arrival of the block 6 above the including
/// one). Block interval: time between consecutive blocks' arrivals at node 0, the thesis's block insertion time.
/// <see cref="Error"/> is set when the cell did not complete; its figures are then NaN.
/// </summary>
public sealed record CellResult
{
    public required string Engine { get; init; }

    public required int Nodes { get; init; }

    public required int Offered { get; init; }

    public int Seconds { get; init; }

    public string Finality { get; init; } = "";

    public long Transfers { get; init; }

    public long Committed { get; init; }

    public long Measured { get; init; }

    public double SustainedPerSecond { get; init; } = double.NaN;

    public double P50Ms { get; init; } = double.NaN;

    public double P90Ms { get; init; } = double.NaN;

    public double P99Ms { get; init; } = double.NaN;

    public double MaxMs { get; init; } = double.NaN;

    /// <summary>The k-th percentile latency for k = 0..100 (101 values), for CDF plots.</summary>
    public IReadOnlyList<double> LatencyPercentilesMs { get; init; } = [];

    public int Blocks { get; init; }

    public double TransfersPerBlock { get; init; } = double.NaN;

    public double BlockIntervalP50Ms { get; init; } = double.NaN;

    public double BlockIntervalP90Ms { get; init; } = double.NaN;

    public double BlockIntervalMaxMs { get; init; } = double.NaN;

    public double BlockIntervalMeanMs { get; init; } = double.NaN;

    public double CpuSecondsPer1000 { get; init; } = double.NaN;

    public double WireBytesPerTransfer { get; init; } = double.NaN;

    public IReadOnlyList<double> PeakRssMiB { get; init; } = [];

    /// <summary>Transactions other than the load's transfers in the window's blocks: the engine's own market activity.</summary>
    public long MarketTransactions { get; init; }

    public double MarketPerSecond { get; init; } = double.NaN;

    public string? Error { get; init; }
}
