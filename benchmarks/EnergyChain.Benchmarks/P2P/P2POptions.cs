using System.Globalization;

namespace EnergyChain.Benchmarks.P2P;

/// <summary>Command-line options of <c>p2p gossip</c> and <c>p2p sync</c>.</summary>
internal sealed record P2POptions
{
    public const string Usage = """
        usage: EnergyChain.Benchmarks p2p gossip [options]
               EnergyChain.Benchmarks p2p sync [options]
        gossip: node 0 commits blocks; the time until every peer has committed each block is measured
          --peers N           peers of the producer (default 3)
          --txs N             transfers per block (default 1000)
          --rounds N          measured blocks per case (default 50; 5 more warm-up blocks are not counted)
          --case C            warm (transactions gossiped to every mempool first), cold (peers never saw them)
                              or both (default)
          --star              peers connect to the producer only (default: full mesh, as peer exchange makes it)
        sync: 1-3 source nodes hold N blocks; a fresh node catches up from them
          --blocks N          blocks of history (default 2000)
          --txs-per-block N   transfers per block (default 500)
          --sources N         source nodes the fresh node syncs from (default 3)
          --range-size N      BlockSyncOptions.RangeSize of the syncing node (default: the library default)
          --in-flight N       BlockSyncOptions.MaxRequestsInFlight (default: the library default)
          --per-peer N        BlockSyncOptions.MaxRequestsPerPeer (default: the library default)
        both:
          --store S           sqlite (default; WAL, synchronous=FULL, one database per node) or memory
          --accounts N        funded accounts sending round-robin (default 1000)
          --dir PATH          directory for the databases (default: a new temp directory, deleted at the end)
        """;

    public string Mode { get; init; } = string.Empty;

    public int Peers { get; init; } = 3;

    public int Transactions { get; init; } = 1000;

    public int Rounds { get; init; } = 50;

    public int WarmupRounds { get; init; } = 5;

    public string Case { get; init; } = "both";

    public bool Star { get; init; }

    public int Blocks { get; init; } = 2000;

    public int TransactionsPerBlock { get; init; } = 500;

    public int Sources { get; init; } = 3;

    public int? RangeSize { get; init; }

    public int? InFlight { get; init; }

    public int? PerPeer { get; init; }

    public string Store { get; init; } = "sqlite";

    public int Accounts { get; init; } = 1000;

    public string? Directory { get; init; }

    public static P2POptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("gossip" or "sync"))
        {
            throw new ArgumentException("the first argument must be gossip or sync");
        }

        var options = new P2POptions { Mode = args[0] };
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Count() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"{name} needs a positive whole number");
            options = name switch
            {
                "--peers" => options with { Peers = Count() },
                "--txs" => options with { Transactions = Count() },
                "--rounds" => options with { Rounds = Count() },
                "--warmup" => options with { WarmupRounds = Count() },
                "--case" => options with { Case = Value().ToLowerInvariant() },
                "--star" => options with { Star = true },
                "--blocks" => options with { Blocks = Count() },
                "--txs-per-block" => options with { TransactionsPerBlock = Count() },
                "--sources" => options with { Sources = Count() },
                "--range-size" => options with { RangeSize = Count() },
                "--in-flight" => options with { InFlight = Count() },
                "--per-peer" => options with { PerPeer = Count() },
                "--store" => options with { Store = Value().ToLowerInvariant() },
                "--accounts" => options with { Accounts = Count() },
                "--dir" => options with { Directory = Value() },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        if (options.Store is not ("sqlite" or "memory"))
        {
            throw new ArgumentException("--store must be sqlite or memory");
        }

        if (options.Case is not ("warm" or "cold" or "both"))
        {
            throw new ArgumentException("--case must be warm, cold or both");
        }

        if (options.Accounts < 2)
        {
            throw new ArgumentException("--accounts must be at least 2");
        }

        return options;
    }
}
