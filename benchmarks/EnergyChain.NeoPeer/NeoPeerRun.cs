using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EnergyChain.NeoPeer.Neo;

namespace EnergyChain.NeoPeer;

/// <summary>
/// The peer run, step for step as <c>energychain-loadgen cluster</c> runs our chain:
/// 1. create and start a 4-node neo-express network (dBFT) in a temporary directory;
/// 2. fund the sender accounts with GAS from the genesis account (not measured);
/// 3. pre-sign rate x (warm-up + seconds) GAS transfers (NEP-17 transfer of 1 datoshi to the next sender), with
///    the fees the nodes quote for one of them;
/// 4. warm up: offer the first rate x warm-up of them and wait until they are in blocks (not measured);
/// 5. offer the rest open-loop at the rate through sendrawtransaction, each sender always to the same node, while a
///    follower polls node 0's block count (every 20 ms) and records when each block arrived there;
/// 6. latency = arrival at node 0 of the block holding the transfer - its submission; dBFT blocks are final once
///    persisted, so that is time to finality. Sustained rate = transfers in blocks / (last such arrival - first submission).
/// </summary>
public sealed class NeoPeerRun(NeoPeerSettings settings, TextWriter output)
{
    /// <summary>The GAS token (a native contract: the same hash on every N3 network), as RPC prints it.</summary>
    public const string GasHash = "0xd2a4cff31913016155e38e474a2c06d08be276cf";
    private const long Datoshi = 100_000_000; // GAS has 8 decimals
    private static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, long> _blockOf = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, (double Arrival, int Transactions)> _blocks = new();

    public async Task<NeoPeerResult> RunAsync(CancellationToken cancellationToken = default)
    {
        settings.Validate();
        var root = settings.Home ?? Path.Combine(Path.GetTempPath(), "energychain-neopeer-" + Guid.NewGuid().ToString("N")[..8]);
        await using var network = await NeoExpress.StartAsync(root, settings.Neoxp, settings.SecondsPerBlock, output, cancellationToken);
        var rpcs = network.RpcEndpoints.Select(e => new NeoRpcClient(e, Math.Max(1, settings.Concurrency / network.RpcEndpoints.Count))).ToArray();
        var funder = NeoKey.FromSeed("energychain-neopeer funder");
        var senders = Enumerable.Range(0, settings.Senders).Select(i => NeoKey.FromSeed($"energychain-neopeer sender {i}")).ToArray();
        try
        {
            var version = (await rpcs[0].CallAsync("getversion", [], cancellationToken)).GetProperty("protocol");
            var warmup = settings.Rate * settings.WarmupSeconds;
            var total = settings.Rate * settings.Seconds;
            await FundAsync(network, rpcs[0], funder, senders, warmup + total, cancellationToken);

            var clock = Stopwatch.StartNew();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var follower = FollowAsync(rpcs[0], await rpcs[0].BlockCountAsync(cancellationToken), clock, stop.Token);

            output.WriteLine($"signing {warmup + total:N0} transfers from {senders.Length} senders...");
            var (hashes, bodies) = await SignAsync(rpcs[0], network.Network, senders, warmup + total, cancellationToken);
            var rejections = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            if (warmup > 0)
            {
                output.WriteLine($"warming up at {settings.Rate:N0}/s for {settings.WarmupSeconds} s (not measured)...");
                var (_, warmAdmitted) = await SubmitAsync(rpcs, senders.Length, bodies, 0, warmup, clock, rejections, cancellationToken);
                if (await WaitForBlocksAsync(hashes, warmAdmitted, 0, clock, cancellationToken) < warmAdmitted.Count(a => a))
                {
                    throw new InvalidOperationException("the warm-up transfers did not all reach a block");
                }

                rejections.Clear();
            }

            var startHeight = _blocks.IsEmpty ? 0 : _blocks.Keys.Max();
            output.WriteLine($"submitting at {settings.Rate:N0}/s for {settings.Seconds} s ({settings.Concurrency} connections)...");
            var submitStart = clock.Elapsed.TotalSeconds;
            var (submittedAt, admitted) = await SubmitAsync(rpcs, senders.Length, bodies, warmup, total, clock, rejections, cancellationToken);
            var submitTime = clock.Elapsed.TotalSeconds - submitStart;
            output.WriteLine($"  submitted {total:N0} in {submitTime:F1} s = {total / submitTime:N0}/s offered; {admitted.Count(a => a):N0} admitted");
            await WaitForBlocksAsync(hashes, admitted, warmup, clock, cancellationToken);
            await stop.CancelAsync();
            await follower.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return Report(version, hashes, warmup, submittedAt, admitted, startHeight, rejections);
        }
        finally
        {
            foreach (var rpc in rpcs)
            {
                rpc.Dispose();
            }

            funder.Dispose();
            foreach (var sender in senders)
            {
                sender.Dispose();
            }
        }
    }

    /// <summary>
    /// Genesis -> funder with neoxp (the genesis account is the consensus nodes' multi-signature one), then one
    /// transaction from the funder paying every sender enough GAS for the fees of all its transfers.
    /// </summary>
    private async Task FundAsync(NeoExpress network, NeoRpcClient rpc, NeoKey funder, NeoKey[] senders, int transfers, CancellationToken cancellationToken)
    {
        // About 0.11 GAS per transfer was quoted here; 0.25 leaves room, and a sender must cover the fees of all its
        // transfers waiting in a mempool at once.
        var perSender = ((long)Math.Ceiling(transfers / (double)senders.Length * 0.25) + 10) * Datoshi;
        var needed = (perSender * senders.Length) + (100 * Datoshi);
        output.WriteLine($"funding {senders.Length} senders with {perSender / Datoshi:N0} GAS each...");
        await network.RunToolAsync(
            ["transfer", "--input", network.ChainFile, (needed / Datoshi).ToString(CultureInfo.InvariantCulture), "GAS", "genesis", funder.Address(network.AddressVersion)],
            cancellationToken);
        await UntilAsync(async () => await rpc.GasBalanceAsync(GasHash, funder.ScriptHashText, cancellationToken) > 0, "the funder's GAS", cancellationToken);

        var script = new NeoScript();
        foreach (var sender in senders)
        {
            script.Transfer(GasWire, funder.ScriptHash, sender.ScriptHash, perSender);
        }

        var height = await rpc.BlockCountAsync(cancellationToken);
        var funding = await PricedAsync(rpc, funder, script.ToArray(), 1, (uint)height + 100, cancellationToken);
        await rpc.CallAsync("sendrawtransaction", [Convert.ToBase64String(funding.Signed(funder, network.Network))], cancellationToken);
        await UntilAsync(async () => await rpc.GasBalanceAsync(GasHash, senders[^1].ScriptHashText, cancellationToken) > 0, "the senders' GAS", cancellationToken);
    }

    /// <summary>Pre-signs the transfers with the fees the node quotes for one of them; returns their hashes (as RPC prints them) and request bodies.</summary>
    private async Task<(string[] Hashes, byte[][] Bodies)> SignAsync(NeoRpcClient rpc, uint network, NeoKey[] senders, int count, CancellationToken cancellationToken)
    {
        var version = (await rpc.CallAsync("getversion", [], cancellationToken)).GetProperty("protocol");
        var increment = version.GetProperty("maxvaliduntilblockincrement").GetInt64();
        var validUntil = (uint)(await rpc.BlockCountAsync(cancellationToken) + Math.Min(5_000, increment - 10));
        var sample = await PricedAsync(rpc, senders[0], TransferScript(senders[0], senders[1 % senders.Length]), 0, validUntil, cancellationToken);
        output.WriteLine($"  fees per transfer: system {sample.SystemFee / (double)Datoshi:F5} GAS, network {sample.NetworkFee / (double)Datoshi:F5} GAS");
        var hashes = new string[count];
        var bodies = new byte[count][];
        // One thread per sender at a time: a key's ECDsa object is not shared between threads.
        Parallel.For(0, senders.Length, s =>
        {
            for (var i = s; i < count; i += senders.Length)
            {
                var tx = sample with { Nonce = (uint)i, Signer = senders[s].ScriptHash, Script = TransferScript(senders[s], senders[(s + 1) % senders.Length]) };
                hashes[i] = NeoTransaction.HashText(tx.Hash());
                bodies[i] = NeoRpcClient.SendRawTransactionBody(tx.Signed(senders[s], network));
            }
        });
        return (hashes, bodies);
    }

    private static byte[] GasWire => [.. Convert.FromHexString(GasHash[2..]).Reverse()];

    private static byte[] TransferScript(NeoKey from, NeoKey to) => new NeoScript().Transfer(GasWire, from.ScriptHash, to.ScriptHash, 1).ToArray();

    /// <summary>
    /// A transaction with the fees the node asks: system fee = the GAS its dry run (invokescript) consumed, which is
    /// what executing it costs; network fee = calculatenetworkfee for its size and signature check.
    /// </summary>
    private static async Task<NeoTransaction> PricedAsync(NeoRpcClient rpc, NeoKey signer, byte[] script, uint nonce, uint validUntil, CancellationToken cancellationToken)
    {
        var dryRun = await rpc.CallAsync("invokescript", [Convert.ToBase64String(script), new object[] { new { account = signer.ScriptHashText, scopes = "CalledByEntry" } }], cancellationToken);
        if (dryRun.GetProperty("state").GetString() != "HALT")
        {
            throw new InvalidOperationException($"the dry run of a transfer failed: {dryRun}");
        }

        var tx = new NeoTransaction(nonce, long.Parse(dryRun.GetProperty("gasconsumed").GetString()!, CultureInfo.InvariantCulture), 0, validUntil, signer.ScriptHash, script);
        var fee = await rpc.CallAsync("calculatenetworkfee", [Convert.ToBase64String(NeoTransaction.WithWitness(tx.Unsigned(), [], signer.VerificationScript))], cancellationToken);
        return tx with { NetworkFee = long.Parse(fee.GetProperty("networkfee").GetString()!, CultureInfo.InvariantCulture) };
    }

    /// <summary>
    /// Open loop over <c>bodies[first..first+count]</c>: the k-th is due k / rate seconds after the start; workers
    /// take due transfers in order. A full mempool ("OutOfMemory") is back-pressure and retried, as the cluster load
    /// generator retries PoolFull; any other refusal is counted by its message.
    /// </summary>
    private async Task<(double[] SubmittedAt, bool[] Admitted)> SubmitAsync(
        NeoRpcClient[] rpcs, int senders, byte[][] bodies, int first, int count, Stopwatch clock, ConcurrentDictionary<string, int> rejections, CancellationToken cancellationToken)
    {
        var submittedAt = new double[count];
        var admitted = new bool[count];
        long next = -1;
        long retries = 0;
        var start = clock.Elapsed.TotalSeconds;
        var workers = Enumerable.Range(0, settings.Concurrency).Select(async _ =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var wait = start + ((double)i / settings.Rate) - clock.Elapsed.TotalSeconds;
                if (wait > 0.001)
                {
                    await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
                }

                submittedAt[i] = clock.Elapsed.TotalSeconds;
                var rpc = rpcs[(first + i) % senders % rpcs.Length]; // a sender always goes to the same node
                string? error;
                while ((error = await rpc.SendRawAsync(bodies[first + i], cancellationToken)) == "OutOfMemory")
                {
                    Interlocked.Increment(ref retries);
                    await Task.Delay(20, cancellationToken);
                }

                admitted[i] = error is null;
                if (error is not null)
                {
                    rejections.AddOrUpdate(error, 1, (_, n) => n + 1);
                }
            }
        });
        await Task.WhenAll(workers);
        if (retries > 0)
        {
            output.WriteLine($"  {retries:N0} retries while a mempool was full");
        }

        return (submittedAt, admitted);
    }

    /// <summary>Polls node 0's block count; each new block's arrival is the moment it was first seen, then its transactions are read.</summary>
    private async Task FollowAsync(NeoRpcClient rpc, long known, Stopwatch clock, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var count = await rpc.BlockCountAsync(cancellationToken);
            var seen = clock.Elapsed.TotalSeconds;
            for (; known < count; known++)
            {
                var block = await rpc.CallAsync("getblock", [known, true], cancellationToken);
                var txs = block.GetProperty("tx");
                foreach (var tx in txs.EnumerateArray())
                {
                    _blockOf[tx.GetProperty("hash").GetString()!] = known;
                }

                _blocks[known] = (seen, txs.GetArrayLength());
            }

            await Task.Delay(FollowInterval, cancellationToken);
        }
    }

    /// <summary>Waits until every admitted transfer of the range is in a block, or no new one arrived for a minute; returns how many are.</summary>
    private async Task<int> WaitForBlocksAsync(string[] hashes, bool[] admitted, int first, Stopwatch clock, CancellationToken cancellationToken)
    {
        var expected = admitted.Count(a => a);
        var progress = Stopwatch.StartNew();
        var included = 0;
        while (true)
        {
            var now = 0;
            for (var i = 0; i < admitted.Length; i++)
            {
                if (admitted[i] && _blockOf.ContainsKey(hashes[first + i]))
                {
                    now++;
                }
            }

            if (now > included)
            {
                included = now;
                progress.Restart();
            }

            if (included >= expected || progress.Elapsed > Patience)
            {
                break;
            }

            await Task.Delay(200, cancellationToken);
        }

        output.WriteLine($"  {included:N0} of {expected:N0} in blocks by {clock.Elapsed.TotalSeconds:F1} s");
        return included;
    }

    private NeoPeerResult Report(JsonElement protocol, string[] hashes, int first, double[] submittedAt, bool[] admitted, long startHeight, ConcurrentDictionary<string, int> rejections)
    {
        var latencies = new List<double>(submittedAt.Length);
        double lastArrival = 0;
        long lastHeight = startHeight;
        for (var i = 0; i < submittedAt.Length; i++)
        {
            if (admitted[i] && _blockOf.TryGetValue(hashes[first + i], out var height))
            {
                var arrival = _blocks[height].Arrival;
                latencies.Add(arrival - submittedAt[i]);
                lastArrival = Math.Max(lastArrival, arrival);
                lastHeight = Math.Max(lastHeight, height);
            }
        }

        latencies.Sort();
        var span = lastArrival - submittedAt.Min();
        var blocks = _blocks.Where(b => b.Key > startHeight && b.Key <= lastHeight).Select(b => b.Value.Transactions).ToArray();
        double Ms(double percent) => latencies.Count == 0 ? double.NaN : Percentiles.NearestRank(latencies, percent) * 1000;
        var result = new NeoPeerResult(
            settings.Rate,
            settings.Seconds,
            submittedAt.Length,
            admitted.Count(a => !a),
            latencies.Count,
            latencies.Count == 0 ? 0 : latencies.Count / span,
            Ms(50),
            Ms(90),
            Ms(99),
            latencies.Count == 0 ? double.NaN : latencies[^1] * 1000,
            blocks.Length,
            blocks.Length == 0 ? 0 : blocks.Average(),
            blocks.Length == 0 ? 0 : blocks.Max(),
            protocol.GetProperty("maxtransactionsperblock").GetInt32(),
            protocol.GetProperty("memorypoolmaxtransactions").GetInt32(),
            protocol.GetProperty("msperblock").GetInt32(),
            new Dictionary<string, int>(rejections));

        output.WriteLine();
        output.WriteLine($"neo-express (Neo N3 dBFT), 4 nodes, offered {result.Offered:N0}/s for {result.Seconds} s after {settings.WarmupSeconds} s of warm-up, {result.MillisecondsPerBlock} ms per block, at most {result.MaxTransactionsPerBlock} transactions per block, mempool {result.MemoryPoolMaxTransactions:N0}");
        output.WriteLine($"in blocks {result.Committed:N0} of {result.Submitted:N0}; refused {result.Rejected:N0}{(rejections.IsEmpty ? "" : " (" + string.Join(", ", rejections.Select(r => $"{r.Key} {r.Value}")) + ")")}");
        output.WriteLine($"throughput: {result.SustainedPerSecond:N0} transfers/s (first submission to the last block's arrival, {span:F1} s)");
        output.WriteLine($"blocks: {result.Blocks}, {result.TransfersPerBlock:F0} transfers per block on average, largest {result.LargestBlock}");
        output.WriteLine($"submission -> block at node 0 (final): p50 {result.P50Ms:F0} ms, p90 {result.P90Ms:F0} ms, p99 {result.P99Ms:F0} ms, max {result.MaxMs:F0} ms");
        return result;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        var patience = Stopwatch.StartNew();
        while (!await condition())
        {
            if (patience.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{what} did not arrive within 60 s");
            }

            await Task.Delay(250, cancellationToken);
        }
    }
}
