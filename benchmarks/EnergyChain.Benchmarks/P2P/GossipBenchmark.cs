using System.Diagnostics;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Transactions;
using EnergyChain.P2P.Reactors;
using static EnergyChain.Benchmarks.P2P.P2PHarness;

namespace EnergyChain.Benchmarks.P2P;

/// <summary>
/// Block propagation: node 0 commits a block of transfers; the latency is from the producer's commit (its
/// <c>BlockCommitted</c>) until the last peer's commit of the same block. Warm case: the transfers were
/// submitted to the producer's mempool and gossiped to every peer's mempool (so their signatures are in every
/// peer's cache) before the block is built. Cold case: the peers never saw them and verify every signature.
/// Then the same for back-to-back blocks (throughput).
/// </summary>
internal static class GossipBenchmark
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(P2POptions options, ISecp256k1 crypto, string directory)
    {
        Console.WriteLine($"  producer + {options.Peers} peers ({(options.Star ? "star: peers dial the producer only" : "full mesh")}), "
            + $"{options.Transactions} transfers per block among {options.Accounts} accounts, {options.WarmupRounds} warm-up + {options.Rounds} measured blocks per case");
        var members = new BenchMembers(options.Peers + 1, options.Accounts, crypto);
        var nodes = new List<BenchNode>();
        try
        {
            for (var i = 0; i <= options.Peers; i++)
            {
                var bootstrap = i == 0 ? [] : options.Star ? [nodes[0].Address] : nodes.Select(n => n.Address).ToList();
                var node = new BenchNode(members, i, OpenStore(options, directory, $"node{i}"), new SignatureVerifier(crypto), bootstrap, new BlockSyncOptions());
                nodes.Add(node);
                await node.StartAsync().ConfigureAwait(false);
            }

            var producer = nodes[0];
            var peers = nodes.Skip(1).ToList();
            await WaitUntilAsync(
                () => producer.Network.Peers.Count == options.Peers && peers.All(p => p.Network.Peers.Count == (options.Star ? 1 : options.Peers)),
                "all connections",
                Timeout,
                pollMs: 10).ConfigureAwait(false);
            Console.WriteLine("  connected; every node has its own chain, store, signature cache and mempool");
            await Task.Delay(300).ConfigureAwait(false);

            var results = new List<CaseResult>();
            foreach (var warm in options.Case switch { "warm" => new[] { true }, "cold" => [false], _ => [true, false] })
            {
                results.Add(await RunCaseAsync(options, members, producer, peers, warm).ConfigureAwait(false));
            }

            PrintSummary(options, results);
            return 0;
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<CaseResult> RunCaseAsync(P2POptions options, BenchMembers members, BenchNode producer, List<BenchNode> peers, bool warm)
    {
        var name = warm ? "warm" : "cold";
        Console.WriteLine();
        Console.WriteLine(warm
            ? "case warm: transfers submitted to the producer's mempool and gossiped to all peers' mempools first, then the block"
            : "case cold: the block's transfers were never gossiped; every peer verifies every signature on receipt");
        var result = new CaseResult(name);
        for (var round = 1; round <= options.WarmupRounds + options.Rounds; round++)
        {
            var txs = members.NextTransfers(options.Transactions);
            double? mempoolMs = null;
            if (warm)
            {
                var start = Stopwatch.GetTimestamp();
                Submit(producer, txs);
                await WaitUntilAsync(() => peers.All(p => txs.All(t => p.Pool.Contains(t.Hash))), "mempool gossip", Timeout).ConfigureAwait(false);
                mempoolMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            var height = producer.Chain.Head.Height + 1;
            var appendStart = Stopwatch.GetTimestamp();
            var block = producer.Produce(txs);
            var producedMs = Stopwatch.GetElapsedTime(appendStart).TotalMilliseconds;
            await WaitUntilAsync(() => peers.All(p => p.CommitTimes.ContainsKey(height)), $"block {height} on all peers", Timeout).ConfigureAwait(false);
            var committed = producer.CommitTimes[height];
            var perPeer = peers.Select(p => Stopwatch.GetElapsedTime(committed, p.CommitTimes[height]).TotalMilliseconds).ToList();
            var timings = peers.Select(p => p.Port.Timings.GetValueOrDefault(height)).ToList();
            var measured = round > options.WarmupRounds;
            if (measured)
            {
                result.AllPeers.Add(perPeer.Max());
                result.EachPeer.AddRange(perPeer);
                result.Verify.AddRange(timings.Select(t => t.VerifyMs));
                result.Import.AddRange(timings.Select(t => t.ImportMs));
                result.Commit.AddRange(timings.Select(t => t.CommitMs));
                result.Produce.Add(producedMs);
                result.BlockBytes = block.Encode().Length;
                if (mempoolMs is { } ms)
                {
                    result.Mempool.Add(ms);
                }
            }

            if (round % 10 == 0 || round == options.WarmupRounds + options.Rounds)
            {
                var mempool = mempoolMs is { } gossipMs ? Invariant($"{gossipMs:F0} ms") : "-";
                Console.WriteLine(
                    Invariant($"  {name} block {round}/{options.WarmupRounds + options.Rounds} (height {height}, {(measured ? "measured" : "warm-up")}): all peers {perPeer.Max(),6:F1} ms ")
                    + Invariant($"(peer import: verify {timings.Average(t => t.VerifyMs):F1}, rest {timings.Average(t => t.ImportMs):F1} of which commit {timings.Average(t => t.CommitMs):F1}; ")
                    + Invariant($"mempool gossip {mempool})  working set {WorkingSetMb():F0} MB"));
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        // Throughput: blocks produced back to back, not waiting for the peers in between.
        var count = Math.Min(options.Rounds, 20);
        var batches = Enumerable.Range(0, count).Select(_ => members.NextTransfers(options.Transactions)).ToList();
        if (warm)
        {
            foreach (var batch in batches)
            {
                Submit(producer, batch);
            }

            await WaitUntilAsync(() => peers.All(p => batches.All(b => b.All(t => p.Pool.Contains(t.Hash)))), "mempool gossip", Timeout).ConfigureAwait(false);
        }
        else
        {
            foreach (var batch in batches)
            {
                producer.Chain.Executor.Signatures.VerifyBatch(batch);
            }
        }

        var first = producer.Chain.Head.Height + 1;
        var last = first + (ulong)count - 1;
        var clock = Stopwatch.GetTimestamp();
        foreach (var batch in batches)
        {
            producer.Produce(batch);
        }

        await WaitUntilAsync(() => peers.All(p => p.CommitTimes.ContainsKey(last)), $"block {last} on all peers", Timeout).ConfigureAwait(false);
        var end = peers.Max(p => p.CommitTimes[last]);
        result.BackToBackBlocks = count;
        result.BackToBackSeconds = Stopwatch.GetElapsedTime(clock, end).TotalSeconds;
        result.ProducerSeconds = Stopwatch.GetElapsedTime(clock, producer.CommitTimes[last]).TotalSeconds;
        Console.WriteLine(Invariant(
            $"  {name} back to back: {count} blocks {first}..{last} committed by all peers in {result.BackToBackSeconds * 1000:F0} ms ")
            + Invariant($"({count / result.BackToBackSeconds:F1} blocks/s, {count * options.Transactions / result.BackToBackSeconds:N0} transfers/s; the producer alone took {result.ProducerSeconds * 1000:F0} ms)"));
        await Task.Delay(100).ConfigureAwait(false);
        return result;
    }

    private static void Submit(BenchNode producer, Transaction[] txs)
    {
        foreach (var tx in txs)
        {
            var admission = producer.Pool.Add(tx);
            if (admission.Status != TxAdmissionStatus.Added)
            {
                throw new InvalidOperationException($"the producer's mempool refused a transfer: {admission.Status} {admission.Rejection}");
            }
        }
    }

    private static void PrintSummary(P2POptions options, List<CaseResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("summary (ms are p50 / p90 / p99 / max)");
        Console.WriteLine("| measure | " + string.Join(" | ", results.Select(r => r.Name)) + " |");
        Console.WriteLine("|---|" + string.Concat(results.Select(_ => "---|")));
        Line("block", r => Invariant($"{options.Transactions} transfers, {r.BlockBytes / 1024.0:F0} KiB"));
        Line(Invariant($"producer commit -> all {options.Peers} peers committed (ms)"), r => Spread(r.AllPeers));
        Line("producer commit -> one peer committed (ms, every peer of every block)", r => Spread(r.EachPeer));
        Line("  peer: signature check of the block (ms)", r => Spread(r.Verify));
        Line("  peer: rest of import = validate, execute, state root, commit (ms)", r => Spread(r.Import));
        Line("    of which store commit (ms)", r => Spread(r.Commit));
        Line("producer: build + TryAppend (ms, before the clock starts)", r => Spread(r.Produce));
        Line("mempool gossip of the block's transfers to all peers (ms, before the block)", r => r.Mempool.Count == 0 ? "-" : Spread(r.Mempool));
        Line("transfers per second of propagation, 1 block at a time (transfers / p50)", r => Invariant($"{options.Transactions / (Percentile(r.AllPeers.Order().ToList(), 50) / 1000):N0}"));
        Line("back to back: blocks/s and transfers/s to all peers", r => Invariant(
            $"{r.BackToBackBlocks} blocks in {r.BackToBackSeconds * 1000:F0} ms: {r.BackToBackBlocks / r.BackToBackSeconds:F1} blocks/s, {r.BackToBackBlocks * options.Transactions / r.BackToBackSeconds:N0} transfers/s"));
        Console.WriteLine(Invariant($"| peak working set of the process ({options.Peers + 1} nodes) | {PeakWorkingSetMb():F0} MB |"));

        void Line(string measure, Func<CaseResult, string> value) => Row(measure, string.Join(" | ", results.Select(value)));
    }

    private sealed class CaseResult(string name)
    {
        public string Name { get; } = name;

        public List<double> AllPeers { get; } = [];

        public List<double> EachPeer { get; } = [];

        public List<double> Verify { get; } = [];

        public List<double> Import { get; } = [];

        public List<double> Commit { get; } = [];

        public List<double> Produce { get; } = [];

        public List<double> Mempool { get; } = [];

        public int BlockBytes { get; set; }

        public int BackToBackBlocks { get; set; }

        public double BackToBackSeconds { get; set; }

        public double ProducerSeconds { get; set; }
    }
}
