using System.Xml.Linq;

namespace EnergyChain.Bench;

/// <summary>The three plots of a run, one series per engine (and the peer where it ran).</summary>
public static class SvgPlots
{
    /// <summary>Sustained transfers/s against offered load, per engine, at the smallest node count of the run.</summary>
    public static XDocument Throughput(BenchResult result)
    {
        var nodes = result.Cells.Count == 0 ? 4 : result.Cells.Min(c => c.Nodes);
        var series = Engines(result)
            .Select(e => new ChartSeries(e, result.Cells.Where(c => c.Engine == e && c.Nodes == nodes).OrderBy(c => c.Offered).Select(c => ((double)c.Offered, c.SustainedPerSecond)).ToList()))
            .ToList();
        var peer = result.Peers.Where(p => p.Result is not null).OrderBy(p => p.Offered).Select(p => ((double)p.Offered, p.Result!.SustainedPerSecond)).ToList();
        if (peer.Count > 0)
        {
            series.Add(new ChartSeries("neo (4 nodes)", peer));
        }

        series.Add(new ChartSeries("offered", result.Cells.Select(c => c.Offered).Distinct().Order().Select(r => ((double)r, (double)r)).ToList()));
        return SvgChart.Line($"Sustained throughput against offered load ({nodes} nodes)", "offered transfers/s", "sustained transfers/s", series);
    }

    /// <summary>
    /// The submit-to-final latency CDF per engine, each at the smallest node count and the highest rate that engine
    /// completed there (a common rate when there is one), so the curves compare like with like.
    /// </summary>
    public static XDocument LatencyCdf(BenchResult result)
    {
        var nodes = result.Cells.Count == 0 ? 4 : result.Cells.Min(c => c.Nodes);
        var series = new List<ChartSeries>();
        foreach (var engine in Engines(result))
        {
            var cell = result.Cells.Where(c => c.Engine == engine && c.Nodes == nodes && c.LatencyPercentilesMs.Count == 101).MaxBy(c => c.Offered);
            if (cell is not null)
            {
                series.Add(new ChartSeries($"{engine} {cell.Offered:N0}/s", cell.LatencyPercentilesMs.Select((ms, k) => (ms, k / 100.0)).ToList()));
            }
        }

        return SvgChart.Line($"Submit-to-final latency CDF ({nodes} nodes)", "latency (ms)", "fraction of transfers", series);
    }

    /// <summary>Sustained transfers/s against node count, per engine, at the highest offered rate of the run.</summary>
    public static XDocument Scaling(BenchResult result)
    {
        var rate = result.Cells.Count == 0 ? 0 : result.Cells.Max(c => c.Offered);
        var series = Engines(result)
            .Select(e => new ChartSeries(e, result.Cells.Where(c => c.Engine == e && c.Offered == rate).OrderBy(c => c.Nodes).Select(c => ((double)c.Nodes, c.SustainedPerSecond)).ToList()))
            .ToList();
        return SvgChart.Line($"Scaling with node count (offered {rate:N0}/s)", "nodes", "sustained transfers/s", series);
    }

    private static IEnumerable<string> Engines(BenchResult result) => result.Cells.Select(c => c.Engine).Distinct();
}
