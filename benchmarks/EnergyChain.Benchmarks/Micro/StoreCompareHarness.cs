using System.Diagnostics;
using System.Globalization;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.State;
using EnergyChain.Core.Storage;
using EnergyChain.Harness;

namespace EnergyChain.Benchmarks.Micro;

/// <summary>
/// The block stores side by side (<c>store [--blocks K] [--txs N] [--users U] [--kinds sqlite,litedb]</c>): the same
/// K recorded blocks of N transfers among U accounts are committed into a fresh store of each kind (timing every
/// CommitBlock), then read back (random GetBlock, GetAccount, GetTxLocation, one ReadAccounts), and the files on
/// disk are measured after the K blocks, open and again after closing.
/// </summary>
internal static class StoreCompareHarness
{
    private const string Usage = "usage: store [--blocks K=50] [--txs N=1000] [--users U=1000] [--kinds sqlite,litedb]";

    public static int Run(string[] args)
    {
        int blocks = 50, txs = 1000, users = 1000;
        var kinds = new List<BlockStoreKind> { BlockStoreKind.Sqlite, BlockStoreKind.LiteDb };
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : string.Empty;
            switch (args[i])
            {
                case "--blocks" when int.TryParse(value, CultureInfo.InvariantCulture, out blocks) && blocks > 0:
                case "--txs" when int.TryParse(value, CultureInfo.InvariantCulture, out txs) && txs > 0:
                case "--users" when int.TryParse(value, CultureInfo.InvariantCulture, out users) && users > 1:
                    i++;
                    break;
                case "--kinds":
                    kinds = [];
                    foreach (var name in value.Split(','))
                    {
                        if (!BlockStores.TryParse(name, out var kind))
                        {
                            Console.Error.WriteLine($"error: unknown store '{name}'\n{Usage}");
                            return 2;
                        }

                        kinds.Add(kind);
                    }

                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"error: bad argument '{args[i]}'\n{Usage}");
                    return 2;
            }
        }

        Console.WriteLine($"store compare: {blocks} blocks x {txs} transfers among {users} accounts; {Environment.ProcessorCount} cores");
        var clock = Stopwatch.StartNew();
        var source = new TestChain(users: users, crypto: BenchData.Backend(BenchData.Native), seed: "store-bench");
        var recorded = new List<(Block Block, StateChanges Changes)> { (source.Genesis.CreateGenesisBlock(), source.Genesis.InitialState()) };
        source.Chain.BlockCommitted += (block, result) => recorded.Add((block, result.Changes));
        for (var i = 0; i < blocks; i++)
        {
            source.Commit(source.RoundRobinTransfers(txs));
        }

        Console.WriteLine($"built in {clock.Elapsed.TotalSeconds:F1} s; block {recorded[1].Block.Encode().Length / 1024} KiB, {recorded[1].Changes.Accounts.Count} account changes");
        foreach (var kind in kinds)
        {
            Measure(kind, recorded, source);
        }

        return 0;
    }

    private static void Measure(BlockStoreKind kind, List<(Block Block, StateChanges Changes)> recorded, TestChain source)
    {
        var directory = Directory.CreateTempSubdirectory("energychain-storebench-").FullName;
        try
        {
            var commits = new List<double>();
            var random = new Random(1);
            using (var store = BlockStores.Open(kind, Path.Combine(directory, BlockStores.FileName(kind))))
            {
                store.CommitBlock(recorded[0].Block, recorded[0].Changes);
                for (var h = 1; h < recorded.Count; h++)
                {
                    var start = Stopwatch.GetTimestamp();
                    store.CommitBlock(recorded[h].Block, recorded[h].Changes);
                    commits.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }

                var tenth = Math.Max(1, commits.Count / 10);
                Console.WriteLine(
                    $"{BlockStores.Name(kind),-7} commit ms: median {Percentile(commits, 0.5):F1}, p90 {Percentile(commits, 0.9):F1}, mean {commits.Average():F1}; " +
                    $"first tenth median {Percentile(commits.Take(tenth).ToList(), 0.5):F1}, last tenth {Percentile(commits.TakeLast(tenth).ToList(), 0.5):F1}");

                var top = recorded.Count - 1;
                var getBlock = Time(1_000, () => store.GetBlock((ulong)random.Next(top + 1)));
                var getAccount = Time(10_000, () => store.GetAccount(source.Users[random.Next(source.Users.Length)].Address));
                var getTx = Time(10_000, () =>
                {
                    var block = recorded[1 + random.Next(top)].Block;
                    store.GetTxLocation(block.Transactions[random.Next(block.Transactions.Count)].Hash);
                });
                var readAccounts = Time(10, () => store.ReadAccounts().Count());
                Console.WriteLine(
                    $"{BlockStores.Name(kind),-7} reads us: GetBlock {getBlock:F0}, GetAccount {getAccount:F1}, GetTxLocation {getTx:F1}, ReadAccounts ({source.Users.Length + 1} accounts) {readAccounts:F0}");
                Console.WriteLine($"{BlockStores.Name(kind),-7} files open after {top} blocks: {Size(directory)}");
            }

            Console.WriteLine($"{BlockStores.Name(kind),-7} files closed: {Size(directory)}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Mean microseconds per call over <paramref name="count"/> calls.</summary>
    private static double Time(int count, Action call)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            call();
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / count;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }

    private static string Size(string directory)
    {
        var files = new DirectoryInfo(directory).GetFiles();
        var parts = string.Join(", ", files.OrderBy(f => f.Name).Select(f => $"{f.Name} {f.Length / (1024.0 * 1024.0):F1}"));
        return $"{files.Sum(f => f.Length) / (1024.0 * 1024.0):F1} MiB ({parts})";
    }
}
