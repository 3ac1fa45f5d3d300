using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Storage;

namespace EnergyChain.Benchmarks.P2P;

/// <summary>
/// P2P benchmarks: several nodes in this process, each with its own chain, store, signature cache, mempool and
/// <see cref="EnergyChain.P2P.Network.PeerNetwork"/> on 127.0.0.1 (real TCP, member handshake, AES-GCM).
/// <c>gossip</c> times block propagation from the producer to its peers; <c>sync</c> times a fresh node catching
/// up a history from source nodes. All nodes share this machine's cores, which a real network would not.
/// </summary>
internal static class P2PHarness
{
    public const double Mb = 1024.0 * 1024.0;

    public static int Run(string[] args)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            Console.WriteLine(P2POptions.Usage);
            return 0;
        }

        P2POptions options;
        try
        {
            options = P2POptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(P2POptions.Usage);
            return 2;
        }

        ISecp256k1 crypto = CryptoBackends.Native ?? throw new PlatformNotSupportedException("libsecp256k1 is not installed (apt-get install libsecp256k1-1)");
        var ownsDirectory = options.Directory is null;
        var directory = options.Directory ?? Directory.CreateTempSubdirectory("energychain-p2p-").FullName;
        Directory.CreateDirectory(directory);
        try
        {
            Console.WriteLine($"EnergyChain P2P benchmark: {options.Mode}");
            Console.WriteLine($"  verify backend {crypto.Name}, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, "
                + $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {RuntimeInformation.OSDescription}");
            Console.WriteLine($"  store {options.Store}{(options.Store == "sqlite" ? $" under {directory}" : "")}");
            return options.Mode == "gossip"
                ? GossipBenchmark.RunAsync(options, crypto, directory).GetAwaiter().GetResult()
                : SyncBenchmark.RunAsync(options, crypto, directory).GetAwaiter().GetResult();
        }
        finally
        {
            if (ownsDirectory)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>A new store for node <paramref name="name"/>: a SQLite file in the run's directory, or memory.</summary>
    public static IBlockStore OpenStore(P2POptions options, string directory, string name) => options.Store == "sqlite"
        ? SqliteBlockStore.Open(Path.Combine(directory, name + ".db"))
        : new InMemoryBlockStore();

    /// <summary>Polls until <paramref name="condition"/> holds; throws after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan timeout, int pollMs = 1)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:F0} s waiting for: {what}");
            }

            await Task.Delay(pollMs).ConfigureAwait(false);
        }
    }

    /// <summary>Peak resident set of this process (VmHWM), in MB.</summary>
    public static double PeakWorkingSetMb()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }
        catch (IOException)
        {
        }

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / Mb;
    }

    public static double WorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / Mb;
    }

    public static double Percentile(List<double> sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>"p50 / p90 / p99 / max" of <paramref name="values"/> in milliseconds.</summary>
    public static string Spread(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0
            ? "-"
            : Invariant($"{Percentile(sorted, 50):F1} / {Percentile(sorted, 90):F1} / {Percentile(sorted, 99):F1} / {sorted[^1]:F1}");
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static void Row(string name, string value) => Console.WriteLine($"| {name} | {value} |");
}
