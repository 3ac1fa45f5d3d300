using EnergyChain.LoadGen;

namespace EnergyChain.Bench;

/// <summary>Reduces one cluster run's observations (and the probe's samples) to a cell's figures.</summary>
internal static class CellAnalysis
{
    public static CellResult Analyze(BenchCell cell, ClusterMeasurement measurement, ProbeReading? probe)
    {
        var depth = (ulong)measurement.Settings.FinalityDepth;
        var arrival = measurement.Blocks.ToDictionary(b => b.Height, b => b.ArrivalSeconds);
        var latencies = new List<double>();
        double firstSubmit = double.MaxValue, lastInclusion = double.MinValue;
        ulong lastIncluded = 0;
        for (var i = 0; i < measurement.SubmittedAt.Count; i++)
        {
            var height = measurement.IncludedAt[i];
            if (height == 0 || !arrival.TryGetValue(height, out var included) || double.IsNaN(included))
            {
                continue;
            }

            firstSubmit = Math.Min(firstSubmit, measurement.SubmittedAt[i]);
            lastInclusion = Math.Max(lastInclusion, included);
            lastIncluded = Math.Max(lastIncluded, height);
            if (arrival.TryGetValue(height + depth, out var final) && !double.IsNaN(final))
            {
                latencies.Add((final - measurement.SubmittedAt[i]) * 1000);
            }
        }

        latencies.Sort();
        // The window's blocks: from the first block after the warm-up to the one finalizing the last measured transfer.
        var window = measurement.Blocks.Where(b => b.Height <= lastIncluded + depth).OrderBy(b => b.Height).ToList();
        var intervals = new List<double>();
        for (var i = 1; i < window.Count; i++)
        {
            if (window[i].Height == window[i - 1].Height + 1 && !double.IsNaN(window[i].ArrivalSeconds) && !double.IsNaN(window[i - 1].ArrivalSeconds))
            {
                intervals.Add((window[i].ArrivalSeconds - window[i - 1].ArrivalSeconds) * 1000);
            }
        }

        intervals.Sort();
        var span = lastInclusion - firstSubmit;
        var market = window.Where(b => b.Height <= lastIncluded).Sum(b => (long)b.OtherTransactions);
        var committed = measurement.Committed;
        return new CellResult
        {
            Engine = cell.Engine,
            Nodes = cell.Nodes,
            Offered = cell.Rate,
            Seconds = measurement.Settings.Seconds,
            Finality = depth == 0 ? "BFT commit" : $"{depth} confirmations",
            Transfers = measurement.SubmittedAt.Count,
            Committed = committed,
            Measured = latencies.Count,
            SustainedPerSecond = span > 0 ? latencies.Count / span : double.NaN,
            P50Ms = Percentile(latencies, 50),
            P90Ms = Percentile(latencies, 90),
            P99Ms = Percentile(latencies, 99),
            MaxMs = latencies.Count == 0 ? double.NaN : latencies[^1],
            LatencyPercentilesMs = latencies.Count == 0 ? [] : Enumerable.Range(0, 101).Select(k => k == 0 ? latencies[0] : Percentile(latencies, k)).ToArray(),
            Blocks = window.Count(b => b.Height <= lastIncluded),
            TransfersPerBlock = window.Count(b => b.Height <= lastIncluded) is var n and > 0 ? (double)window.Where(b => b.Height <= lastIncluded).Sum(b => b.Transactions - b.OtherTransactions) / n : double.NaN,
            BlockIntervalP50Ms = Percentile(intervals, 50),
            BlockIntervalP90Ms = Percentile(intervals, 90),
            BlockIntervalMaxMs = intervals.Count == 0 ? double.NaN : intervals[^1],
            BlockIntervalMeanMs = intervals.Count == 0 ? double.NaN : intervals.Average(),
            CpuSecondsPer1000 = probe is not null && committed > 0 ? probe.CpuSeconds / committed * 1000 : double.NaN,
            WireBytesPerTransfer = probe is not null && committed > 0 ? probe.P2pBytesSent / committed : double.NaN,
            PeakRssMiB = probe?.PeakRssMiB ?? [],
            MarketTransactions = market,
            MarketPerSecond = span > 0 ? market / span : double.NaN,
            Error = committed < measurement.SubmittedAt.Count ? $"only {committed:N0} of {measurement.SubmittedAt.Count:N0} transfers committed" : null,
        };
    }

    /// <summary>Nearest-rank percentile of sorted values; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, int percent) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(sorted.Count * percent / 100.0) - 1, 0, sorted.Count - 1)];
}
