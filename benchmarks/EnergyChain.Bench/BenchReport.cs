using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnergyChain.Bench;

/// <summary>
/// Writes a run's reports into one directory: results.json (everything, NaN as "NaN"), results.csv (one row per
/// cell), results.md (the tables, with the thesis comparison in --thesis runs) and three SVG plots.
/// </summary>
public static class BenchReport
{
    public static readonly IReadOnlyList<string> Files = ["results.json", "results.csv", "results.md", "throughput.svg", "latency-cdf.svg", "scaling.svg"];

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public const string CsvHeader = "engine,nodes,offered_per_s,seconds,finality,transfers,committed,measured,sustained_per_s,p50_ms,p90_ms,p99_ms,max_ms,blocks,transfers_per_block," +
                                    "block_interval_p50_ms,block_interval_p90_ms,block_interval_max_ms,block_interval_mean_ms,cpu_s_per_1000,wire_bytes_per_transfer,peak_rss_max_mib,market_tx,market_per_s,error";

    public static void WriteAll(BenchResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "results.json"), JsonSerializer.Serialize(result, Json));
        File.WriteAllText(Path.Combine(directory, "results.csv"), Csv(result));
        File.WriteAllText(Path.Combine(directory, "results.md"), MarkdownReport.Render(result));
        SvgPlots.Throughput(result).Save(Path.Combine(directory, "throughput.svg"));
        SvgPlots.LatencyCdf(result).Save(Path.Combine(directory, "latency-cdf.svg"));
        SvgPlots.Scaling(result).Save(Path.Combine(directory, "scaling.svg"));
    }

    public static string Csv(BenchResult result)
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var c in result.Cells)
        {
            string[] fields =
            [
                c.Engine, I(c.Nodes), I(c.Offered), I(c.Seconds), c.Finality, I(c.Transfers), I(c.Committed), I(c.Measured), D(c.SustainedPerSecond),
                D(c.P50Ms), D(c.P90Ms), D(c.P99Ms), D(c.MaxMs), I(c.Blocks), D(c.TransfersPerBlock), D(c.BlockIntervalP50Ms), D(c.BlockIntervalP90Ms),
                D(c.BlockIntervalMaxMs), D(c.BlockIntervalMeanMs), D(c.CpuSecondsPer1000), D(c.WireBytesPerTransfer),
                D(c.PeakRssMiB.Count == 0 ? double.NaN : c.PeakRssMiB.Max()), I(c.MarketTransactions), D(c.MarketPerSecond), c.Error ?? "",
            ];
            csv.AppendJoin(',', fields.Select(Quote)).Append('\n');
        }

        return csv.ToString();
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double value) => double.IsFinite(value) ? value.ToString("0.###", CultureInfo.InvariantCulture) : "";

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
