namespace EnergyChain.Bench;

/// <summary>
/// What <c>energychain-bench consensus</c> runs: every engine x node count x offered rate, each cell a fresh devnet
/// loaded for <see cref="Seconds"/> after <see cref="WarmupSeconds"/> of the same load. <see cref="Peer"/> "neo" adds a
/// 4-node Neo N3 network at the same rates. <see cref="Mode"/> names the preset the options came from.
/// </summary>
public sealed record BenchOptions
{
    public static readonly IReadOnlyList<string> AllEngines = ["pow", "pos", "poeg", "posoc"];

    public IReadOnlyList<string> Engines { get; init; } = AllEngines;

    public IReadOnlyList<int> Nodes { get; init; } = [4, 7, 10];

    /// <summary>Offered transfers/s; the default steps stay under what 4 BFT nodes sustain on a 2-core machine over gRPC (about 5,000/s) and then reach it; 7 and 10 nodes saturate earlier.</summary>
    public IReadOnlyList<int> Rates { get; init; } = [1000, 2000, 3500, 5000];

    public int Seconds { get; init; } = 20;

    public int WarmupSeconds { get; init; } = 5;

    public int Accounts { get; init; } = 1_000;

    public int Concurrency { get; init; } = 64;

    public int BlockIntervalMs { get; init; } = 200;

    /// <summary>How transfers reach the nodes: "grpc" (SubmitStream, as an aggregator would) or "http" (one POST each).</summary>
    public string Transport { get; init; } = "grpc";

    public string Output { get; init; } = "bench-results";

    public string? Peer { get; init; }

    public string Mode { get; init; } = "matrix";

    /// <summary>The CI matrix: pos and poeg on 4 nodes at one low rate, 5 s after 2 s of warm-up; checks the run completes, not how fast.</summary>
    public static BenchOptions Quick(BenchOptions options) => options with
    {
        Mode = "quick",
        Engines = ["pos", "poeg"],
        Nodes = [4],
        Rates = [300],
        Seconds = 5,
        WarmupSeconds = 2,
        Accounts = 200,
    };

    /// <summary>
    /// The thesis's comparison (section 3.4.6): PoEG against PoW block insertion time on the thesis's network of ten
    /// prosumers (Table 3.2; here one household per node, each ordering and metering every market slot), under a
    /// light transfer load so the market activity is not drowned out.
    /// </summary>
    public static BenchOptions Thesis(BenchOptions options) => options with
    {
        Mode = "thesis",
        Engines = ["poeg", "pow"],
        Nodes = [10],
        Rates = [100],
        Seconds = 60,
        WarmupSeconds = 5,
    };

    public IEnumerable<BenchCell> Cells() =>
        from engine in Engines from nodes in Nodes from rate in Rates select new BenchCell(engine, nodes, rate);

    /// <summary>Blocks a block needs on top of it to be final: pow's confirmations; BFT commits are final.</summary>
    public static int FinalityDepth(string engine) => engine == "pow" ? 6 : 0;

    public string? Validate()
    {
        if (Engines.Count == 0 || Nodes.Count == 0 || Rates.Count == 0)
        {
            return "--engines, --nodes and --rates need at least one value each";
        }

        if (Engines.FirstOrDefault(e => !AllEngines.Contains(e)) is { } unknown)
        {
            return $"unknown engine '{unknown}' (pow, pos, poeg or posoc)";
        }

        if (Nodes.Any(n => n is < 1 or > 64) || Rates.Any(r => r <= 0) || Seconds <= 0 || WarmupSeconds < 0 || Accounts <= 0 || Concurrency <= 0)
        {
            return "nodes must be 1-64; rates, seconds, accounts and concurrency positive; warm-up not negative";
        }

        if (Transport is not ("grpc" or "http"))
        {
            return $"unknown transport '{Transport}' (grpc or http)";
        }

        return Peer is null or "neo" ? null : $"unknown peer '{Peer}' (neo)";
    }
}
