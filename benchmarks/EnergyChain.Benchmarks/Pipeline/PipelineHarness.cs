using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Storage;

namespace EnergyChain.Benchmarks.Pipeline;

/// <summary>
/// End to end: pre-sign and pre-build N blocks of transfers into a block file, then append them to a fresh
/// SQLite-backed <see cref="Blockchain"/> whose <see cref="SignatureVerifier"/> has an empty cache, so every
/// block goes through decode, full validation (every signature), execution, state root and the store
/// commit. Reports transfers per second per block and overall, and memory every few blocks.
/// </summary>
internal static class PipelineHarness
{
    private const double Mb = 1024.0 * 1024.0;

    public static int Run(string[] args)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            Console.WriteLine(PipelineOptions.Usage);
            return 0;
        }

        PipelineOptions options;
        try
        {
            options = PipelineOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(PipelineOptions.Usage);
            return 2;
        }

        var crypto = CryptoBackends.Select(options.Crypto);

        var ownsDirectory = options.Directory is null;
        var directory = options.Directory ?? Directory.CreateTempSubdirectory("energychain-pipeline-").FullName;
        Directory.CreateDirectory(directory);
        var blockFile = Path.Combine(directory, "blocks.bin");
        var database = Path.Combine(directory, "chain.db");
        try
        {
            PrintEnvironment(options, crypto, directory);
            var genesis = Generate(options, blockFile);
            return Measure(options, genesis, crypto, blockFile, database);
        }
        finally
        {
            if (options.Keep)
            {
                Console.WriteLine($"kept {directory}");
            }
            else
            {
                foreach (var file in new[] { blockFile, database, database + "-wal", database + "-shm" })
                {
                    File.Delete(file);
                }

                if (ownsDirectory)
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }
    }

    private static void PrintEnvironment(PipelineOptions options, ISecp256k1 crypto, string directory)
    {
        Console.WriteLine("EnergyChain pipeline benchmark: decode -> Blockchain.TryAppend (validate + apply + commit)");
        Console.WriteLine($"  {options.Blocks} blocks x {options.Transactions} transfers among {options.Accounts} accounts");
        Console.WriteLine($"  verify backend {crypto.Name}, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, "
            + $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {RuntimeInformation.OSDescription}");
        Console.WriteLine($"  data directory {directory}{(options.PrefetchSignatures ? "; prefetching the next block's signatures" : "")}");
    }

    /// <summary>Writes the block file; returns only the genesis so nothing of the producer stays reachable.</summary>
    private static GenesisDocument Generate(PipelineOptions options, string blockFile)
    {
        Console.WriteLine($"generating {options.Blocks} blocks ({(long)options.Blocks * options.Transactions:N0} signed transfers; not measured)...");
        var clock = Stopwatch.StartNew();
        var generator = new BlockGenerator(options.Accounts, options.Transactions);
        using (var output = new FileStream(blockFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            for (var i = 1; i <= options.Blocks; i++)
            {
                generator.WriteNextBlock(output, options.Transactions);
                if (i % options.ReportEvery == 0 || i == options.Blocks)
                {
                    Console.WriteLine($"  generated {i}/{options.Blocks} ({clock.Elapsed.TotalSeconds:F1} s)");
                }
            }
        }

        Console.WriteLine($"block file: {new FileInfo(blockFile).Length / Mb:F1} MB in {clock.Elapsed.TotalSeconds:F1} s");
        return generator.Genesis;
    }

    private static int Measure(PipelineOptions options, GenesisDocument genesis, ISecp256k1 crypto, string blockFile, string database)
    {
        var samples = new List<BlockSample>(options.Blocks);
        var memory = new List<MemorySample>();
        var buffer = Array.Empty<byte>();
        using var process = Process.GetCurrentProcess();
        using var store = new TimedBlockStore(SqliteBlockStore.Open(database));
        var chain = Blockchain.Open(store, genesis, new SignatureVerifier(crypto));

        // Free what generation left behind so the first sample is the chain alone.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Sample(memory, 0, process, samples);
        var gcBefore = (Gen0: GC.CollectionCount(0), Gen1: GC.CollectionCount(1), Gen2: GC.CollectionCount(2));
        var pauseBefore = GC.GetTotalPauseDuration();

        Console.WriteLine(options.PrefetchSignatures
            ? "appending (timed per block: TryAppend, overlapped with VerifyBatch of the next block's signatures into the chain's cache)..."
            : "appending (timed per block: TryAppend = validate incl. every signature + apply + state root + commit; decode timed apart)...");
        using var input = new FileStream(blockFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var cpu = new CpuMeter(process);
        var wall = Stopwatch.StartNew();
        var current = ReadBlock(input, ref buffer, out var decodeMs);
        while (current is not null)
        {
            Block? next = null;
            var nextDecodeMs = 0.0;
            if (options.PrefetchSignatures)
            {
                next = ReadBlock(input, ref buffer, out nextDecodeMs);
            }

            var start = Stopwatch.GetTimestamp();
            // What a node does when blocks arrive back to back: check the next block's signatures (into the same
            // cache TryAppend consults) while this one executes and commits. Each signature is still checked once.
            var upcoming = next;
            var prefetch = upcoming is null ? null : Task.Run(() => chain.Executor.Signatures.VerifyBatch(upcoming.Transactions));
            var result = chain.TryAppend(current);
            prefetch?.Wait();
            var appended = Stopwatch.GetTimestamp();
            if (!result.IsValid)
            {
                Console.Error.WriteLine($"error: block {current.Height} was refused: {result}");
                return 1;
            }

            var block = current;
            var sample = new BlockSample(
                block.Transactions.Count,
                decodeMs,
                Stopwatch.GetElapsedTime(start, appended).TotalMilliseconds,
                store.LastCommit.TotalMilliseconds);
            samples.Add(sample);
            if (!options.Quiet)
            {
                var validateMs = sample.AppendMs - sample.CommitMs;
                var rate = sample.Transactions / (sample.AppendMs / 1000);
                Console.WriteLine(Invariant(
                    $"block {block.Height,4}: {sample.Transactions} txs  decode {sample.DecodeMs,6:F1} ms  append {sample.AppendMs,6:F1} ms ({(options.PrefetchSignatures ? "all but commit" : "validate+apply")} {validateMs,6:F1}, commit {sample.CommitMs,6:F1})  {rate,7:N0} tx/s"));
            }

            if (samples.Count % options.ReportEvery == 0)
            {
                Sample(memory, samples.Count, process, samples);
            }

            if (!options.PrefetchSignatures)
            {
                next = ReadBlock(input, ref buffer, out nextDecodeMs);
            }

            current = next;
            decodeMs = nextDecodeMs;
        }

        wall.Stop();
        var cpuUse = cpu.Describe();
        if (memory[^1].Block != samples.Count)
        {
            Sample(memory, samples.Count, process, samples);
        }

        var collections = (GC.CollectionCount(0) - gcBefore.Gen0, GC.CollectionCount(1) - gcBefore.Gen1, GC.CollectionCount(2) - gcBefore.Gen2);
        var pause = GC.GetTotalPauseDuration() - pauseBefore;
        var databaseBytes = new FileInfo(database).Length + (File.Exists(database + "-wal") ? new FileInfo(database + "-wal").Length : 0);
        PrintSummary(options, crypto, samples, memory, wall.Elapsed, collections, pause, databaseBytes, cpuUse);
        return 0;
    }

    /// <summary>Reads and decodes the next block (decode timed); null at the end of the file.</summary>
    private static Block? ReadBlock(Stream input, ref byte[] buffer, out double decodeMs)
    {
        decodeMs = 0;
        if (!BlockGenerator.TryReadBlock(input, ref buffer, out var length))
        {
            return null;
        }

        var start = Stopwatch.GetTimestamp();
        var block = Block.Decode(buffer.AsSpan(0, length));
        decodeMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return block;
    }

    private static void Sample(List<MemorySample> memory, int block, Process process, List<BlockSample> samples)
    {
        // A forced full collection measures what is live rather than what is not yet collected. Not timed.
        var heap = GC.GetTotalMemory(forceFullCollection: true) / Mb;
        process.Refresh();
        var sample = new MemorySample(block, heap, process.WorkingSet64 / Mb);
        memory.Add(sample);
        var recent = samples.Count == 0
            ? ""
            : Invariant($"  last {Math.Min(samples.Count, 10)} blocks: {Rate(samples.TakeLast(10)),7:N0} tx/s");
        Console.WriteLine(Invariant(
            $"[memory] after block {block,4}: managed heap {sample.HeapMb,6:F1} MB  working set {sample.WorkingSetMb,6:F1} MB{recent}"));
    }

    private static void PrintSummary(
        PipelineOptions options,
        ISecp256k1 crypto,
        List<BlockSample> samples,
        List<MemorySample> memory,
        TimeSpan wall,
        (int Gen0, int Gen1, int Gen2) collections,
        TimeSpan gcPause,
        long databaseBytes,
        string cpuUse)
    {
        long transfers = samples.Sum(s => (long)s.Transactions);
        var append = samples.Select(s => s.AppendMs).Order().ToList();
        var commit = samples.Select(s => s.CommitMs).Order().ToList();
        var validate = samples.Select(s => s.AppendMs - s.CommitMs).Order().ToList();
        var decode = samples.Select(s => s.DecodeMs).Order().ToList();
        var rates = samples.Select(s => s.Transactions / (s.AppendMs / 1000)).Order().ToList();
        var tenth = Math.Max(1, samples.Count / 10);

        Console.WriteLine();
        Console.WriteLine("summary");
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        Row("verify backend", crypto.Name);
        Row("mode", options.PrefetchSignatures ? "next block's signatures verified during this block's TryAppend (--prefetch-signatures)" : "strictly one block after another");
        Row("blocks x transfers", Invariant($"{samples.Count} x {samples[0].Transactions} = {transfers:N0}"));
        Row("overall transfers/s, TryAppend (validate + apply + commit)", Invariant($"{Rate(samples):N0}"));
        Row("overall transfers/s, decode + TryAppend", Invariant($"{transfers / ((append.Sum() + decode.Sum()) / 1000):N0}"));
        Row(Invariant($"transfers/s, first {tenth} / last {tenth} blocks"), Invariant($"{Rate(samples.Take(tenth)):N0} / {Rate(samples.TakeLast(tenth)):N0}"));
        Row("per-block transfers/s: min / median / max", Invariant($"{rates[0]:N0} / {Median(rates):N0} / {rates[^1]:N0}"));
        Row("TryAppend ms per block: min / median / p95 / max", Invariant($"{append[0]:F1} / {Median(append):F1} / {Percentile(append, 95):F1} / {append[^1]:F1}"));
        Row(options.PrefetchSignatures ? "  all but the commit ms (median / mean)" : "  validate + apply ms (median / mean)", Invariant($"{Median(validate):F1} / {validate.Average():F1}"));
        Row("  store commit ms (median / mean / max)", Invariant($"{Median(commit):F1} / {commit.Average():F1} / {commit[^1]:F1}"));
        Row("decode ms per block (median)", Invariant($"{Median(decode):F1}"));
        Row("TryAppend total / loop wall clock", Invariant($"{append.Sum() / 1000:F1} s / {wall.TotalSeconds:F1} s"));
        Row("GC collections gen0 / gen1 / gen2, total pause", Invariant($"{collections.Gen0} / {collections.Gen1} / {collections.Gen2}, {gcPause.TotalMilliseconds:F0} ms"));
        Row("managed heap MB at blocks", string.Join(", ", memory.Select(m => Invariant($"{m.Block}: {m.HeapMb:F1}"))));
        Row("working set MB at blocks", string.Join(", ", memory.Select(m => Invariant($"{m.Block}: {m.WorkingSetMb:F0}"))));
        Row("database (db + wal)", Invariant($"{databaseBytes / Mb:F1} MB"));
        Row("CPU during the loop", cpuUse);

        static void Row(string name, string value) => Console.WriteLine($"| {name} | {value} |");
    }

    private static double Rate(IEnumerable<BlockSample> samples)
    {
        var list = samples.ToList();
        return list.Sum(s => (double)s.Transactions) / (list.Sum(s => s.AppendMs) / 1000);
    }

    private static double Median(List<double> sorted) => Percentile(sorted, 50);

    private static double Percentile(List<double> sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private readonly record struct BlockSample(int Transactions, double DecodeMs, double AppendMs, double CommitMs);

    private readonly record struct MemorySample(int Block, double HeapMb, double WorkingSetMb);
}
