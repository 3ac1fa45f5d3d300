using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;
using EnergyChain.Rpc.V1;
using Google.Protobuf;

namespace EnergyChain.LoadGen;

/// <summary>
/// The consensus benchmark: a real devnet (N node processes on 127.0.0.1, started by <c>energychain-node devnet</c>)
/// under an open-loop load of transfers.
/// 1. start the devnet and wait for every node's API;
/// 2. pre-sign rate x (warm-up + seconds) transfers from the devnet's deterministic accounts (not measured);
/// 3. warm up: offer the first rate x warm-up seconds of them and wait until they are committed (not measured:
///    fresh node processes spend a large share of their first seconds in the JIT, which says nothing about the
///    sustained rate a long-running node holds);
/// 4. submit the rest at the offered rate, each sender always to the same node (so nonces arrive in order), while
///    node 0's block stream records when each block reached it;
/// 5. when every transfer is in a block (or the patience runs out), read the blocks back to see which block
///    holds each transfer: latency = arrival of that block at node 0 - the transfer's submission.
/// Under pos every committed block is final, so that is time to finality; under pow it is time to inclusion,
/// and finality comes a number of confirmations later (reported separately).
/// </summary>
internal sealed class ClusterRun(ClusterSettings settings, TextWriter output, IClusterProbe? probe = null)
{
    private static readonly System.Net.Http.Headers.MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    // By block hash, not height: under pow a height can be replaced by a reorganization.
    private readonly ConcurrentDictionary<string, long> _blockArrival = new(StringComparer.Ordinal);
    private string[] _grpc = [];

    /// <summary>The headline figures of the last run that got as far as its report.</summary>
    public ClusterSummary? Summary { get; private set; }

    /// <summary>The raw observations of the last <see cref="RunAsync"/> that got as far as its report.</summary>
    public ClusterMeasurement? Measurement { get; private set; }

    public async Task<int> RunAsync()
    {
        var root = settings.Home ?? Directory.CreateTempSubdirectory("energychain-cluster-").FullName;
        using var devnet = StartDevnet(root);
        try
        {
            var manifest = await WaitForManifestAsync(root, devnet);
            var chainId = manifest.GetProperty("chainId").GetString()!;
            var prefix = manifest.GetProperty("accountSeedPrefix").GetString()!;
            var apis = manifest.GetProperty("nodes").EnumerateArray().Select(n => new Uri(n.GetProperty("api").GetString()! + "/")).ToArray();
            _grpc = manifest.GetProperty("nodes").EnumerateArray().Select(n => n.TryGetProperty("grpc", out var g) ? g.GetString() ?? "off" : "off").ToArray();
            if (settings.Transport == SubmitTransport.Grpc && _grpc.Contains("off"))
            {
                throw new InvalidOperationException("the devnet's nodes serve no gRPC API (devnet.json has no grpc address)");
            }

            var funded = manifest.GetProperty("accounts").GetInt32();
            if (funded < settings.Accounts)
            {
                throw new InvalidOperationException($"the devnet funds {funded} accounts, the run needs {settings.Accounts}");
            }

            var warmup = settings.Rate * settings.WarmupSeconds;
            var total = settings.Rate * settings.Seconds;
            output.WriteLine($"{settings.Engine}, {apis.Length} nodes; signing {warmup + total:N0} transfers from {settings.Accounts} accounts...");
            if (CryptoBackends.Native is null)
            {
                output.WriteLine("warning: libsecp256k1 is not installed, so the nodes verify with the NBitcoin.Secp256k1 fallback (several times slower); apt-get install libsecp256k1-1");
            }

            var keys = Enumerable.Range(0, settings.Accounts).Select(i => PrivateKey.FromSeed($"{prefix}{i}")).ToArray();
            var all = Sign(chainId, keys, warmup + total);
            var clock = Stopwatch.StartNew();
            if (warmup > 0)
            {
                output.WriteLine($"warming up at {settings.Rate:N0}/s for {settings.WarmupSeconds} s (not measured)...");
                _ = await SubmitAsync(apis, keys.Length, all, 0, warmup, clock);
                if (await WaitForCommitsAsync(apis[0], keys, warmup, clock) < warmup)
                {
                    throw new InvalidOperationException("the warm-up transfers were not all committed");
                }
            }

            var transfers = all[warmup..];
            using var events = new CancellationTokenSource();
            var stream = FollowBlocksAsync(apis[0], clock, events.Token);
            var startHeight = await HeightAsync(apis[0]);

            if (probe is not null)
            {
                await probe.MeasureStartAsync(manifest, apis);
            }

            output.WriteLine($"submitting at {settings.Rate:N0}/s for {settings.Seconds} s ({settings.Concurrency} connections)...");
            var submitStart = clock.Elapsed.TotalSeconds;
            var submitted = await SubmitAsync(apis, keys.Length, all, warmup, total, clock);
            var submitTime = clock.Elapsed.TotalSeconds - submitStart;
            output.WriteLine($"  submitted {total:N0} in {submitTime:F1} s = {total / submitTime:N0}/s offered");

            var committed = Math.Max(0, await WaitForCommitsAsync(apis[0], keys, warmup + total, clock) - warmup);
            if (probe is not null)
            {
                await probe.MeasureEndAsync();
            }

            await WaitForDepthAsync(apis[0]);
            await events.CancelAsync();
            await stream.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            await ReportAsync(apis[0], startHeight, transfers, submitted, committed);
            await ReportRuntimeAsync(apis);
            return committed == transfers.Length ? 0 : 2;
        }
        finally
        {
            StopDevnet(devnet);
            if (settings.Home is null)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private Process StartDevnet(string root)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in (string[])[NodeProcess.NodeDll, "devnet", "--nodes", $"{settings.Nodes}", "--engine", settings.Engine, "--home", Path.Combine(root, "devnet"),
                     "--accounts", $"{settings.Accounts}", "--block-interval", $"{settings.BlockIntervalMs}", "--reset"])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the devnet");
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                output.WriteLine($"  devnet: {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void StopDevnet(Process devnet)
    {
        if (devnet.HasExited)
        {
            return;
        }

        // SIGINT lets the devnet stop its nodes gracefully; kill the tree if it does not.
        using (var kill = Process.Start("kill", ["-INT", devnet.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill?.WaitForExit();
        }

        if (!devnet.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            devnet.Kill(entireProcessTree: true);
        }
    }

    private static async Task<JsonElement> WaitForManifestAsync(string root, Process devnet)
    {
        var path = Path.Combine(root, "devnet", "devnet.json");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (devnet.HasExited)
            {
                throw new InvalidOperationException($"the devnet exited with {devnet.ExitCode} before it was up");
            }

            if (File.Exists(path))
            {
                var manifest = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(path));
                if (await AllUpAsync(manifest))
                {
                    return manifest;
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"the devnet did not come up within 2 minutes ({path})");
    }

    private static async Task<bool> AllUpAsync(JsonElement manifest)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        foreach (var node in manifest.GetProperty("nodes").EnumerateArray())
        {
            try
            {
                using var response = await http.GetAsync($"{node.GetProperty("api").GetString()}/v1/status");
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    private static Transaction[] Sign(string chainId, PrivateKey[] keys, int total)
    {
        var transfers = new Transaction[total];
        Parallel.For(0, total, i =>
        {
            var sender = keys[i % keys.Length];
            var recipient = keys[(i + 1) % keys.Length].Address;
            transfers[i] = Transaction.Create(chainId, sender, (ulong)(i / keys.Length), 0, new TransferPayload(recipient, 1));
        });
        return transfers;
    }

    /// <summary>
    /// Open loop over <c>transfers[first..first+count]</c>: the k-th of them is due k / rate seconds after the start;
    /// workers take due transfers in order. Returns when each was submitted (indexed from <paramref name="first"/>).
    /// </summary>
    private async Task<double[]> SubmitAsync(Uri[] apis, int senders, Transaction[] transfers, int first, int count, Stopwatch clock)
    {
        if (settings.Transport == SubmitTransport.Grpc)
        {
            return await StreamAsync(senders, transfers, first, count, clock);
        }

        var submittedAt = new double[count];
        long next = -1;
        long retries = 0;
        var start = clock.Elapsed.TotalSeconds;
        // One connection pool per node shared by all workers (keep-alive connections are reused), and each
        // request body encoded before the clock starts: the generator shares the cores with the nodes, so it
        // must cost as little as possible per transfer. Every transfer is still its own POST /v1/tx.
        var handlers = apis.Select(_ => new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, settings.Concurrency / apis.Length),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
        }).ToArray();
        var clients = apis.Select((api, n) => new HttpClient(handlers[n], disposeHandler: false) { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) }).ToArray();
        var bodies = new byte[count][];
        Parallel.For(0, count, i => bodies[i] = System.Text.Encoding.UTF8.GetBytes($"{{\"tx\":\"{Convert.ToHexStringLower(transfers[first + i].Encoded)}\"}}"));
        var workers = Enumerable.Range(0, settings.Concurrency).Select(async _ =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var due = start + ((double)i / settings.Rate);
                var wait = due - clock.Elapsed.TotalSeconds;
                if (wait > 0.001)
                {
                    await Task.Delay(TimeSpan.FromSeconds(wait));
                }

                submittedAt[i] = clock.Elapsed.TotalSeconds;
                var client = clients[(first + i) % senders % clients.Length]; // a sender always goes to the same node
                var body = bodies[i];
                var tries = await TxSubmission.PostUntilAdmittedAsync(
                    client,
                    () => new ByteArrayContent(body) { Headers = { ContentType = JsonContentType } },
                    i);
                Interlocked.Add(ref retries, tries);
            }
        });
        try
        {
            await Task.WhenAll(workers);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            foreach (var handler in handlers)
            {
                handler.Dispose();
            }
        }

        if (retries > 0)
        {
            output.WriteLine($"  {retries:N0} back-pressure retries");
        }

        return submittedAt;
    }

    /// <summary>
    /// The open loop of <see cref="SubmitAsync"/> over gRPC: the k-th transfer is written to its sender's stream k / rate
    /// seconds after the start (a sender always on the same stream of the same node, so its nonces arrive in order).
    /// Submission time is when it was handed to the stream; the node paces a stream while its pool is full.
    /// </summary>
    private async Task<double[]> StreamAsync(int senders, Transaction[] transfers, int first, int count, Stopwatch clock)
    {
        var submittedAt = new double[count];
        var requests = new SubmitRequest[count];
        Parallel.For(0, count, i => requests[i] = new SubmitRequest { Tx = ByteString.CopyFrom(transfers[first + i].Encoded) });
        await using var lanes = GrpcLanes.Open(_grpc, Math.Max(1, settings.Concurrency / _grpc.Length));
        var start = clock.Elapsed.TotalSeconds;
        for (var i = 0; i < count; i++)
        {
            var wait = start + ((double)i / settings.Rate) - clock.Elapsed.TotalSeconds;
            if (wait > 0.001)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait));
            }

            var sender = (first + i) % senders;
            submittedAt[i] = clock.Elapsed.TotalSeconds;
            await lanes.WriteAsync(sender % _grpc.Length, sender / _grpc.Length, requests[i]);
        }

        var reply = await lanes.CompleteAsync();
        if (reply.Refused > 0)
        {
            throw new InvalidOperationException(
                $"{reply.Refused:N0} transfers refused over gRPC, first: {string.Join("; ", reply.Refusals.Select(r => $"#{r.Index} {r.Code}: {r.Message}"))}");
        }

        return submittedAt;
    }

    private async Task FollowBlocksAsync(Uri api, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = Timeout.InfiniteTimeSpan };
        using var stream = await http.GetStreamAsync("v1/events", cancellationToken);
        using var reader = new StreamReader(stream);
        while (!cancellationToken.IsCancellationRequested && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var hash = JsonSerializer.Deserialize<JsonElement>(line.AsSpan(6)).GetProperty("hash").GetString()!;
                _blockArrival.TryAdd(hash, clock.ElapsedTicks);
            }
        }
    }

    private static async Task<ulong> HeightAsync(Uri api)
    {
        using var http = new HttpClient { BaseAddress = api };
        return (await http.GetFromJsonAsync<JsonElement>("v1/status")).GetProperty("height").GetUInt64();
    }

    /// <summary>Waits until the first <paramref name="total"/> signed transfers are committed; returns how many are.</summary>
    private async Task<long> WaitForCommitsAsync(Uri api, PrivateKey[] senders, int total, Stopwatch clock)
    {
        using var http = new HttpClient { BaseAddress = api };
        var patience = Stopwatch.StartNew();
        long committed = 0;
        while (patience.Elapsed < TimeSpan.FromMinutes(2))
        {
            // The node's counter is a cheap first check; it counts a block again when a reorganization re-applies
            // it, so the answer comes from the senders' nonces: all of a sender's transfers are in once its nonce
            // passed the last one (nonce order).
            if (await CommittedAsync(http) >= total && (committed = await CommittedBySendersAsync(http, senders, total)) >= total)
            {
                break;
            }

            await Task.Delay(500);
        }

        if (committed < total)
        {
            // Out of patience: count what did get in, so a stalled run reports its real progress.
            committed = await CommittedBySendersAsync(http, senders, total);
        }

        output.WriteLine($"  {committed:N0} of {total:N0} committed by {clock.Elapsed.TotalSeconds:F1} s");
        return committed;
    }

    private static async Task<long> CommittedBySendersAsync(HttpClient http, PrivateKey[] senders, int total)
    {
        long committed = 0;
        for (var s = 0; s < senders.Length; s++)
        {
            var sent = (total / senders.Length) + (s < total % senders.Length ? 1 : 0);
            var account = await http.GetFromJsonAsync<JsonElement>($"v1/account/{senders[s].Address}");
            committed += Math.Min(sent, (long)account.GetProperty("nonce").GetUInt64());
        }

        return committed;
    }

    private static async Task<long> CommittedAsync(HttpClient http) =>
        MetricsText.TransactionsCommitted(await http.GetStringAsync("metrics"));

    private async Task ReportAsync(Uri api, ulong startHeight, Transaction[] transfers, double[] submittedAt, long committed)
    {
        using var http = new HttpClient { BaseAddress = api };
        var blockOf = new Dictionary<string, string>(transfers.Length, StringComparer.Ordinal);
        var head = await HeightAsync(api);
        var blockSizes = new List<int>();
        var blocks = new List<ClusterBlock>();
        for (var h = startHeight + 1; h <= head; h++)
        {
            var block = await http.GetFromJsonAsync<JsonElement>($"v1/block/{h}");
            var txs = block.GetProperty("transactions");
            var blockHash = block.GetProperty("hash").GetString()!;
            blockSizes.Add(txs.GetArrayLength());
            blocks.Add(new ClusterBlock(
                h, blockHash, _blockArrival.TryGetValue(blockHash, out var at) ? (double)at / Stopwatch.Frequency : double.NaN, txs.GetArrayLength(),
                txs.EnumerateArray().Count(t => t.GetProperty("type").GetString() != "Transfer")));
            foreach (var tx in txs.EnumerateArray())
            {
                blockOf[tx.GetProperty("hash").GetString()!] = blockHash;
            }
        }

        var latencies = new List<double>(transfers.Length);
        double lastArrival = 0;
        for (var i = 0; i < transfers.Length; i++)
        {
            if (blockOf.TryGetValue(transfers[i].Hash.ToString(), out var blockHash) && _blockArrival.TryGetValue(blockHash, out var ticks))
            {
                var arrival = (double)ticks / Stopwatch.Frequency;
                latencies.Add(arrival - submittedAt[i]);
                lastArrival = Math.Max(lastArrival, arrival);
            }
        }

        var heightOf = blocks.ToDictionary(b => b.Hash, b => b.Height, StringComparer.Ordinal);
        var includedAt = transfers.Select(t => blockOf.TryGetValue(t.Hash.ToString(), out var hash) ? heightOf[hash] : 0UL).ToArray();
        Measurement = new ClusterMeasurement(settings, committed, submittedAt, includedAt, blocks);
        latencies.Sort();
        var firstSubmit = submittedAt.Min();
        var span = lastArrival - firstSubmit;
        output.WriteLine();
        output.WriteLine($"engine {settings.Engine}, {settings.Nodes} nodes, offered {settings.Rate:N0}/s for {settings.Seconds} s after {settings.WarmupSeconds} s of warm-up, block interval {settings.BlockIntervalMs} ms");
        Summary = new ClusterSummary(
            settings.Transport, transfers.Length, committed, latencies.Count / span,
            latencies.Count == 0 ? double.NaN : Percentile(latencies, 50) * 1000,
            latencies.Count == 0 ? double.NaN : Percentile(latencies, 90) * 1000,
            latencies.Count == 0 ? double.NaN : Percentile(latencies, 99) * 1000);
        output.WriteLine($"committed {committed:N0} of {transfers.Length:N0}; {latencies.Count:N0} matched to blocks at node 0");
        output.WriteLine($"throughput: {latencies.Count / span:N0} transfers/s (first submission to the last block's arrival, {span:F1} s)");
        output.WriteLine($"blocks: {blockSizes.Count}, {(blockSizes.Count == 0 ? 0 : blockSizes.Average()):F0} transfers per block on average, largest {(blockSizes.Count == 0 ? 0 : blockSizes.Max())}");
        if (latencies.Count > 0)
        {
            output.WriteLine($"submission -> block at node 0 ({(settings.Engine == "pos" ? "final" : "included")}): p50 {Percentile(latencies, 50) * 1000:F0} ms, p90 {Percentile(latencies, 90) * 1000:F0} ms, p99 {Percentile(latencies, 99) * 1000:F0} ms, max {latencies[^1] * 1000:F0} ms");
        }
    }

    /// <summary>Follows node 0's chain <see cref="ClusterSettings.FinalityDepth"/> blocks past its head, so the blocks that make the last transfers final are seen arriving.</summary>
    private async Task WaitForDepthAsync(Uri api)
    {
        if (settings.FinalityDepth <= 0)
        {
            return;
        }

        var target = await HeightAsync(api) + (ulong)settings.FinalityDepth;
        var patience = Stopwatch.StartNew();
        while (await HeightAsync(api) < target && patience.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(250);
        }
    }

    /// <summary>Each node's garbage-collection pauses over the whole run: a stalled node usually explains a tail.</summary>
    private async Task ReportRuntimeAsync(Uri[] apis)
    {
        using var http = new HttpClient();
        for (var n = 0; n < apis.Length; n++)
        {
            var metrics = await http.GetStringAsync(new Uri(apis[n], "metrics"));
            string Count(int generation) => MetricsText.Value(metrics, $"dotnet_gc_collections_total{{generation=\"{generation}\"}}")?.ToString(CultureInfo.InvariantCulture) ?? "?";
            var pause = MetricsText.Value(metrics, "dotnet_gc_pause_seconds_total") ?? double.NaN;
            var heap = MetricsText.Value(metrics, "dotnet_gc_heap_bytes") ?? double.NaN;
            output.WriteLine($"node {n}: GC paused {pause * 1000:F0} ms in all, collections (gen 0/1/2) {Count(0)}/{Count(1)}/{Count(2)}, heap {heap / (1 << 20):F0} MiB");
        }
    }

    private static double Percentile(List<double> sorted, int percent) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * percent / 100.0) - 1)];
}
