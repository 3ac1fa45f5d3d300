using System.Diagnostics;
using EnergyChain.Benchmarks.Pipeline;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Reactors;
using static EnergyChain.Benchmarks.P2P.P2PHarness;

namespace EnergyChain.Benchmarks.P2P;

/// <summary>
/// Block sync: the source nodes get the same history (node 0 builds each block of round-robin transfers and
/// the others commit it too; they share one signature cache while generating, not measured). Then a fresh node
/// with an empty store and an empty signature cache dials them and syncs: every block is fetched over the
/// network, decoded, fully validated (every signature), executed and committed. Timed from the fresh node's
/// start until its head reaches the sources'.
/// </summary>
internal static class SyncBenchmark
{
    public static async Task<int> RunAsync(P2POptions options, ISecp256k1 crypto, string directory)
    {
        var defaults = new BlockSyncOptions();
        var syncOptions = defaults with
        {
            RangeSize = options.RangeSize ?? defaults.RangeSize,
            MaxRequestsInFlight = options.InFlight ?? defaults.MaxRequestsInFlight,
            MaxRequestsPerPeer = options.PerPeer ?? defaults.MaxRequestsPerPeer,
        };
        Console.WriteLine($"  {options.Sources} source node(s), {options.Blocks} blocks x {options.TransactionsPerBlock} transfers among {options.Accounts} accounts");
        Console.WriteLine(Invariant(
            $"  syncing node: RangeSize {syncOptions.RangeSize}, MaxRequestsInFlight {syncOptions.MaxRequestsInFlight}, MaxRequestsPerPeer {syncOptions.MaxRequestsPerPeer}, ")
            + Invariant($"MaxBufferedBytes {syncOptions.MaxBufferedBytes / Mb:F0} MB, Tick {syncOptions.Tick.TotalMilliseconds:F0} ms"));
        var members = new BenchMembers(options.Sources + 1, options.Accounts, crypto);
        var sources = new List<BenchNode>();
        BenchNode? fresh = null;
        try
        {
            var shared = new SignatureVerifier(crypto);
            for (var i = 0; i < options.Sources; i++)
            {
                sources.Add(new BenchNode(members, i, OpenStore(options, directory, $"source{i}"), shared, [], new BlockSyncOptions()));
            }

            Generate(options, members, sources);
            foreach (var source in sources)
            {
                await source.StartAsync().ConfigureAwait(false);
            }

            fresh = new BenchNode(members, options.Sources, OpenStore(options, directory, "fresh"), new SignatureVerifier(crypto), sources.Select(s => s.Address).ToList(), syncOptions);
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var pauseBefore = GC.GetTotalPauseDuration();
            using var process = Process.GetCurrentProcess();
            var cpu = new CpuMeter(process);
            Console.WriteLine($"syncing {options.Blocks} blocks into a fresh node (empty store, empty signature cache)...");
            var target = (ulong)options.Blocks;
            var start = Stopwatch.GetTimestamp();
            await fresh.StartAsync().ConfigureAwait(false);
            var lastReport = start;
            var lastHeight = 0UL;
            while (fresh.Chain.Head.Height < target)
            {
                await Task.Delay(50).ConfigureAwait(false);
                var now = Stopwatch.GetTimestamp();
                var elapsed = Stopwatch.GetElapsedTime(start, now);
                if (Stopwatch.GetElapsedTime(lastReport, now) >= TimeSpan.FromSeconds(5))
                {
                    var height = fresh.Chain.Head.Height;
                    var seconds = Stopwatch.GetElapsedTime(lastReport, now).TotalSeconds;
                    Console.WriteLine(Invariant(
                        $"  {elapsed.TotalSeconds,5:F0} s: height {height}/{target}, last {seconds:F0} s {(height - lastHeight) / seconds:F1} blocks/s = ")
                        + Invariant($"{(height - lastHeight) * (double)options.TransactionsPerBlock / seconds:N0} transfers/s; peers {fresh.Network.Peers.Count}; working set {WorkingSetMb():F0} MB"));
                    lastReport = now;
                    lastHeight = height;
                }

                if (elapsed > TimeSpan.FromMinutes(30))
                {
                    Console.Error.WriteLine($"error: sync did not finish within 30 minutes (height {fresh.Chain.Head.Height})");
                    return 1;
                }
            }

            var done = fresh.CommitTimes[target];
            var total = Stopwatch.GetElapsedTime(start, done);
            var fromFirst = Stopwatch.GetElapsedTime(fresh.CommitTimes[1], done);
            var cpuUse = cpu.Describe();
            var collections = (GC.CollectionCount(0) - gcBefore.Item1, GC.CollectionCount(1) - gcBefore.Item2, GC.CollectionCount(2) - gcBefore.Item3);
            var pause = GC.GetTotalPauseDuration() - pauseBefore;
            var transfers = (long)options.Blocks * options.TransactionsPerBlock;
            var timings = fresh.Port.Timings.Values.ToList();

            Console.WriteLine();
            Console.WriteLine("summary");
            Console.WriteLine("| measure | value |");
            Console.WriteLine("|---|---|");
            Row("history", Invariant($"{options.Blocks} blocks x {options.TransactionsPerBlock} transfers = {transfers:N0}, from {options.Sources} source(s), store {options.Store}"));
            Row("start -> synced (incl. dial + handshake)", Invariant($"{total.TotalSeconds:F1} s: {options.Blocks / total.TotalSeconds:F1} blocks/s, {transfers / total.TotalSeconds:N0} transfers/s"));
            Row("first block -> last block", Invariant($"{fromFirst.TotalSeconds:F1} s: {(options.Blocks - 1) / fromFirst.TotalSeconds:F1} blocks/s"));
            Row("start -> first block committed", Invariant($"{Stopwatch.GetElapsedTime(start, fresh.CommitTimes[1]).TotalMilliseconds:F0} ms"));
            Row("syncing node: signature checks (VerifyBatch, both cores)", Invariant($"{fresh.Port.VerifyTime.TotalSeconds:F1} s = {fresh.Port.VerifyTime / total:P0} of the wall clock; per block {Spread(timings.Select(t => t.VerifyMs))} ms (p50/p90/p99/max)"));
            Row("syncing node: rest of import (validate, execute, state root, commit)", Invariant($"{fresh.Port.ImportTime.TotalSeconds:F1} s = {fresh.Port.ImportTime / total:P0}; per block {Spread(timings.Select(t => t.ImportMs))} ms"));
            Row("  of which store commit", Invariant($"{fresh.Store.CommitTime.TotalSeconds:F1} s = {fresh.Store.CommitTime / total:P0}; per block {Spread(timings.Select(t => t.CommitMs))} ms"));
            Row("syncing node: apply loop busy (verify + rest) / wall clock", Invariant($"{(fresh.Port.VerifyTime + fresh.Port.ImportTime) / total:P0}"));
            Row("sources: reading served blocks from the store", Invariant($"{sources.Sum(s => s.Port.ServeReadTime.TotalSeconds):F1} s over all sources"));
            Row("CPU during the sync", cpuUse);
            Row("GC collections gen0 / gen1 / gen2, total pause", Invariant($"{collections.Item1} / {collections.Item2} / {collections.Item3}, {pause.TotalMilliseconds:F0} ms"));
            Row(Invariant($"peak working set of the process ({options.Sources + 1} nodes, history in {options.Store})"), Invariant($"{PeakWorkingSetMb():F0} MB"));
            return 0;
        }
        finally
        {
            if (fresh is not null)
            {
                await fresh.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var source in sources)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static void Generate(P2POptions options, BenchMembers members, List<BenchNode> sources)
    {
        Console.WriteLine($"generating the history on {sources.Count} source node(s) (signing, building, committing; not measured)...");
        var clock = Stopwatch.StartNew();
        var lastReport = clock.Elapsed;
        for (var height = 1; height <= options.Blocks; height++)
        {
            var block = sources[0].Produce(members.NextTransfers(options.TransactionsPerBlock));
            foreach (var source in sources.Skip(1))
            {
                var result = source.Chain.TryAppend(block);
                if (!result.IsValid)
                {
                    throw new InvalidOperationException($"source {source.Index} refused block {height}: {result}");
                }
            }

            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(5) || height == options.Blocks)
            {
                Console.WriteLine(Invariant($"  generated {height}/{options.Blocks} ({clock.Elapsed.TotalSeconds:F0} s, working set {WorkingSetMb():F0} MB)"));
                lastReport = clock.Elapsed;
            }
        }
    }
}
