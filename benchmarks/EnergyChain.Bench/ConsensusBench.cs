using System.Globalization;
using EnergyChain.LoadGen;
using EnergyChain.NeoPeer;

namespace EnergyChain.Bench;

/// <summary>
/// Runs the matrix cell by cell, each on a fresh devnet through <see cref="ClusterRun"/> (whose text goes to
/// logs/CELL.log in the output directory), then the peer, then writes the reports. A failed cell is recorded with
/// its error and the run goes on.
/// </summary>
internal sealed class ConsensusBench(BenchOptions options, string command, TextWriter console, bool live)
{
    public async Task<BenchResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Directory.CreateDirectory(Path.Combine(options.Output, "logs"));
        var cells = options.Cells().ToList();
        var peerRates = options.Peer is null ? [] : options.Rates.Distinct().ToList();
        var total = cells.Count + peerRates.Count;
        var results = new List<CellResult>();
        var peers = new List<PeerResult>();
        console.WriteLine($"energychain-bench consensus ({options.Mode}): {cells.Count} cells, {options.Seconds} s each after {options.WarmupSeconds} s of warm-up; results in {Path.GetFullPath(options.Output)}");
        using (var progress = new ProgressLine(console, live))
        {
            for (var i = 0; i < cells.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress.Cell($"cell {i + 1}/{total} {cells[i]}");
                var result = await RunCellAsync(cells[i]);
                results.Add(result);
                progress.Done(Summary(i + 1, total, result));
            }

            if (peerRates.Count > 0 && NeoExpress.MissingPrerequisite() is { } missing)
            {
                progress.Done($"peer neo skipped: {missing}");
                peers.AddRange(peerRates.Select(r => new PeerResult("neo", r, null, missing)));
            }
            else
            {
                for (var i = 0; i < peerRates.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress.Cell($"cell {cells.Count + i + 1}/{total} neo-express (dBFT), 4 nodes, {peerRates[i]:N0}/s");
                    var peer = await RunPeerAsync(peerRates[i], cancellationToken);
                    peers.Add(peer);
                    progress.Done(peer.Result is { } r
                        ? $"cell {cells.Count + i + 1}/{total} neo 4 nodes {peerRates[i]:N0}/s: {r.SustainedPerSecond:N0}/s, p99 {r.P99Ms:N0} ms"
                        : $"cell {cells.Count + i + 1}/{total} neo {peerRates[i]:N0}/s: {peer.Skipped}");
                }
            }
        }

        var bench = new BenchResult
        {
            Command = command,
            Mode = options.Mode,
            Started = started,
            WallSeconds = clock.Elapsed.TotalSeconds,
            Machine = Machine(),
            Seconds = options.Seconds,
            WarmupSeconds = options.WarmupSeconds,
            Transport = options.Transport,
            BlockIntervalMs = options.BlockIntervalMs,
            Cells = results,
            Peers = peers,
            Ratios = Ratios(results, peers),
        };
        BenchReport.WriteAll(bench, options.Output);
        console.WriteLine($"wrote {string.Join(", ", BenchReport.Files)} to {Path.GetFullPath(options.Output)}");
        return bench;
    }

    private async Task<CellResult> RunCellAsync(BenchCell cell)
    {
        var logPath = Path.Combine(options.Output, "logs", $"{cell.Engine}-{cell.Nodes}n-{cell.Rate}.log");
        await using var log = TextWriter.Synchronized(new StreamWriter(logPath) { AutoFlush = true });
        var settings = new ClusterSettings(
            cell.Engine, cell.Nodes, cell.Rate, options.Seconds, options.Accounts, options.Concurrency, options.BlockIntervalMs, Home: null,
            WarmupSeconds: options.WarmupSeconds, FinalityDepth: BenchOptions.FinalityDepth(cell.Engine),
            Transport: options.Transport == "http" ? SubmitTransport.Http : SubmitTransport.Grpc);
        var probe = new ProcessProbe();
        var run = new ClusterRun(settings, log, probe);
        try
        {
            await run.RunAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException or TaskCanceledException)
        {
            log.WriteLine($"error: {e}");
            if (run.Measurement is null)
            {
                return new CellResult { Engine = cell.Engine, Nodes = cell.Nodes, Offered = cell.Rate, Seconds = options.Seconds, Error = $"{e.GetType().Name}: {e.Message} (see {logPath})" };
            }
        }

        return run.Measurement is { } measurement
            ? CellAnalysis.Analyze(cell, measurement, probe.Reading)
            : new CellResult { Engine = cell.Engine, Nodes = cell.Nodes, Offered = cell.Rate, Seconds = options.Seconds, Error = $"no measurement (see {logPath})" };
    }

    private async Task<PeerResult> RunPeerAsync(int rate, CancellationToken cancellationToken)
    {
        var logPath = Path.Combine(options.Output, "logs", $"neo-4n-{rate}.log");
        await using var log = TextWriter.Synchronized(new StreamWriter(logPath) { AutoFlush = true });
        try
        {
            var settings = new NeoPeerSettings(rate, options.Seconds, WarmupSeconds: options.WarmupSeconds, Concurrency: options.Concurrency);
            return new PeerResult("neo", rate, await new NeoPeerRun(settings, log).RunAsync(cancellationToken), null);
        }
        catch (Exception e) when (e is NeoPeerSetupException or InvalidOperationException or TimeoutException or HttpRequestException or IOException)
        {
            log.WriteLine($"error: {e}");
            return new PeerResult("neo", rate, null, $"{e.GetType().Name}: {e.Message} (see {logPath})");
        }
    }

    /// <summary>Each engine on 4 nodes against the peer at the same rate.</summary>
    public static IReadOnlyList<PeerRatio> Ratios(IReadOnlyList<CellResult> cells, IReadOnlyList<PeerResult> peers) =>
        (from cell in cells
         where cell.Nodes == 4 && cell.Error is null
         join peer in peers on cell.Offered equals peer.Offered
         where peer.Result is { Committed: > 0 }
         let neo = peer.Result!
         select new PeerRatio(cell.Engine, cell.Offered, cell.SustainedPerSecond, neo.SustainedPerSecond, cell.SustainedPerSecond / neo.SustainedPerSecond, cell.P99Ms, neo.P99Ms, cell.P99Ms / neo.P99Ms))
        .ToList();

    private static string Summary(int i, int total, CellResult r) => r.Error is not null && double.IsNaN(r.SustainedPerSecond)
        ? $"cell {i}/{total} {r.Engine} {r.Nodes} nodes {r.Offered:N0}/s: FAILED {r.Error}"
        : $"cell {i}/{total} {r.Engine} {r.Nodes} nodes {r.Offered:N0}/s: {r.SustainedPerSecond:N0}/s, p50/p99 {r.P50Ms:N0}/{r.P99Ms:N0} ms ({r.Finality}), block interval p50 {r.BlockIntervalP50Ms:N0} ms, " +
          $"{r.CpuSecondsPer1000:F2} CPU s/1k, {r.WireBytesPerTransfer:N0} B/transfer, market {r.MarketPerSecond:F1} tx/s{(r.Error is null ? "" : $" ({r.Error})")}";

    private static string Machine()
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {load} at start");
    }
}
