using System.Globalization;
using System.Text;

namespace EnergyChain.Bench;

/// <summary>The run as Markdown tables: every cell, the peer and its ratios, and the thesis's block insertion claim beside ours.</summary>
public static class MarkdownReport
{
    /// <summary>The thesis's figures (section 3.4.6): block insertion time, PoEG (on Avalanche) at most 2 s, the PoW baseline about 35 s.</summary>
    public static readonly IReadOnlyDictionary<string, string> ThesisBlockInsertion = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["poeg"] = "at most 2 s",
        ["pow"] = "about 35 s",
    };

    public static string Render(BenchResult result)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Consensus benchmark ({result.Mode})\n\n");
        md.Append(CultureInfo.InvariantCulture, $"`{result.Command}`, started {result.Started:yyyy-MM-dd HH:mm} UTC, {result.WallSeconds / 60:F1} min; {result.Machine}. ");
        md.Append(CultureInfo.InvariantCulture, $"Each cell: a fresh devnet, {result.WarmupSeconds} s of warm-up (not measured), then {result.Seconds} s of open-loop transfers ({result.Transport}, {result.BlockIntervalMs} ms pause after a BFT commit) beside the engine's own market activity.\n\n");
        md.Append("| engine | nodes | offered/s | sustained/s | p50 ms | p90 ms | p99 ms | finality | block interval p50 / p90 / max ms | CPU s per 1k | wire B per transfer | peak RSS MiB (max node) | market tx/s | note |\n");
        md.Append("|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---|\n");
        foreach (var c in result.Cells)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {c.Engine} | {c.Nodes} | {c.Offered:N0} | {N(c.SustainedPerSecond)} | {N(c.P50Ms)} | {N(c.P90Ms)} | {N(c.P99Ms)} | {c.Finality} | ");
            md.Append(CultureInfo.InvariantCulture, $"{N(c.BlockIntervalP50Ms)} / {N(c.BlockIntervalP90Ms)} / {N(c.BlockIntervalMaxMs)} | {F(c.CpuSecondsPer1000, 2)} | {N(c.WireBytesPerTransfer)} | ");
            md.Append(CultureInfo.InvariantCulture, $"{N(c.PeakRssMiB.Count == 0 ? double.NaN : c.PeakRssMiB.Max())} | {F(c.MarketPerSecond, 1)} | {c.Error?.Replace("|", "/", StringComparison.Ordinal)} |\n");
        }

        if (result.Peers.Count > 0)
        {
            md.Append("\n## Same-machine peer: Neo N3 (neo-express, dBFT, 4 nodes)\n\n");
            md.Append("| offered/s | sustained/s | p50 ms | p90 ms | p99 ms | blocks | note |\n|---:|---:|---:|---:|---:|---:|---|\n");
            foreach (var p in result.Peers)
            {
                md.Append(p.Result is { } r
                    ? string.Create(CultureInfo.InvariantCulture, $"| {p.Offered:N0} | {N(r.SustainedPerSecond)} | {N(r.P50Ms)} | {N(r.P90Ms)} | {N(r.P99Ms)} | {r.Blocks} | {(r.Rejected > 0 ? $"{r.Rejected:N0} rejected" : "")} |\n")
                    : string.Create(CultureInfo.InvariantCulture, $"| {p.Offered:N0} | | | | | | skipped: {p.Skipped?.Replace("|", "/", StringComparison.Ordinal)} |\n"));
            }

            if (result.Ratios.Count > 0)
            {
                md.Append("\n| engine (4 nodes) | offered/s | ours/s | neo/s | throughput ours/neo | p99 ours / neo ms | p99 ours/neo |\n|---|---:|---:|---:|---:|---|---:|\n");
                foreach (var r in result.Ratios)
                {
                    md.Append(CultureInfo.InvariantCulture, $"| {r.Engine} | {r.Offered:N0} | {N(r.OursPerSecond)} | {N(r.PeerPerSecond)} | {F(r.ThroughputRatio, 2)} | {N(r.OursP99Ms)} / {N(r.PeerP99Ms)} | {F(r.P99Ratio, 2)} |\n");
                }
            }
        }

        var thesis = result.Cells.Where(c => ThesisBlockInsertion.ContainsKey(c.Engine)).ToList();
        if (thesis.Count > 0)
        {
            md.Append("\n## Block insertion time against the thesis (section 3.4.6)\n\n");
            md.Append("| engine | nodes | offered/s | block interval p50 / p90 / max (s) | mean (s) | thesis |\n|---|---:|---:|---|---:|---|\n");
            foreach (var c in thesis)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {c.Engine} | {c.Nodes} | {c.Offered:N0} | {F(c.BlockIntervalP50Ms / 1000, 2)} / {F(c.BlockIntervalP90Ms / 1000, 2)} / {F(c.BlockIntervalMaxMs / 1000, 2)} | {F(c.BlockIntervalMeanMs / 1000, 2)} | {ThesisBlockInsertion[c.Engine]} |\n");
            }
        }

        md.Append("\nPlots: [throughput](throughput.svg), [latency CDF](latency-cdf.svg), [scaling](scaling.svg). Definitions: docs/consensus-benchmark.md.\n");
        return md.ToString();
    }

    private static string N(double value) => double.IsFinite(value) ? value.ToString("N0", CultureInfo.InvariantCulture) : "–";

    private static string F(double value, int decimals) => double.IsFinite(value) ? value.ToString("F" + decimals, CultureInfo.InvariantCulture) : "–";
}
