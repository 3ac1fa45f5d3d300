using System.Globalization;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Benchmarks.Pipeline;

/// <summary>Command-line options of <c>pipeline</c>.</summary>
internal sealed record PipelineOptions
{
    public const string Usage = """
        usage: EnergyChain.Benchmarks pipeline [options]
          --blocks N          blocks to generate and append (default 100)
          --txs N             transfers per block (default 10000)
          --accounts N        funded accounts the transfers move between (default 300)
          --crypto B          native (libsecp256k1, default) or nbitcoin: the backend the measured chain verifies with
          --report-every N    print managed heap and working set every N blocks (default 10)
          --dir PATH          directory for the block file and the SQLite database (default: a new temp directory)
          --keep              keep the database and block file instead of deleting them
          --quiet             no per-block lines, only progress every --report-every blocks and the summary
          --prefetch-signatures  verify block N+1's signatures (into the chain's cache) while block N is appended,
                              as a node receiving blocks back to back can; off by default (strictly sequential)
        """;

    public int Blocks { get; init; } = 100;

    public int Transactions { get; init; } = 10_000;

    public int Accounts { get; init; } = 300;

    public string Crypto { get; init; } = "native";

    public int ReportEvery { get; init; } = 10;

    public string? Directory { get; init; }

    public bool Keep { get; init; }

    public bool Quiet { get; init; }

    public bool PrefetchSignatures { get; init; }

    public static PipelineOptions Parse(string[] args)
    {
        var options = new PipelineOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Count() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"{name} needs a positive whole number");
            options = name switch
            {
                "--blocks" => options with { Blocks = Count() },
                "--txs" => options with { Transactions = Count() },
                "--accounts" => options with { Accounts = Count() },
                "--crypto" => options with { Crypto = Value().ToLowerInvariant() },
                "--report-every" => options with { ReportEvery = Count() },
                "--dir" => options with { Directory = Value() },
                "--keep" => options with { Keep = true },
                "--quiet" => options with { Quiet = true },
                "--prefetch-signatures" => options with { PrefetchSignatures = true },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        if (options.Crypto is not (CryptoBackends.NativeName or CryptoBackends.NBitcoinName))
        {
            throw new ArgumentException("--crypto must be native or nbitcoin");
        }

        if (options.Accounts < 2)
        {
            throw new ArgumentException("--accounts must be at least 2");
        }

        return options;
    }
}
