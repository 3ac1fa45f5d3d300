using System.Text.Json;
using System.Xml.Linq;

namespace EnergyChain.Bench.Tests;

public sealed class BenchReportTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly string _dir = Directory.CreateTempSubdirectory("energychain-bench-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_json_parses_back_to_the_same_cells()
    {
        var run = SyntheticResults.Run();
        BenchReport.WriteAll(run, _dir);

        var back = JsonSerializer.Deserialize<BenchResult>(File.ReadAllText(Path.Combine(_dir, "results.json")), BenchReport.Json)!;
        Assert.Equal(run.Cells.Count, back.Cells.Count);
        Assert.Equal(run.Cells[1].SustainedPerSecond, back.Cells[1].SustainedPerSecond);
        Assert.Equal(101, back.Cells[0].LatencyPercentilesMs.Count);
        Assert.True(double.IsNaN(back.Cells.Single(c => c.Error is not null).P99Ms));
        Assert.Equal(2, back.Peers.Count);
        Assert.Equal(run.Ratios.Count, back.Ratios.Count);
    }

    [Fact]
    public void The_csv_has_the_header_and_one_row_per_cell()
    {
        var run = SyntheticResults.Run();
        BenchReport.WriteAll(run, _dir);

        var lines = File.ReadAllLines(Path.Combine(_dir, "results.csv"));
        Assert.Equal(BenchReport.CsvHeader, lines[0]);
        Assert.Equal(run.Cells.Count, lines.Length - 1);
        var columns = BenchReport.CsvHeader.Split(',').Length;
        // The failed cell's error holds a comma and quotes: quoted, so it stays one field.
        Assert.All(lines.Skip(1).Where(l => !l.Contains('"', StringComparison.Ordinal)), l => Assert.Equal(columns, l.Split(',').Length));
        Assert.Contains(lines, l => l.EndsWith("\"InvalidOperationException: the devnet exited, \"\"badly\"\"\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_svg_plots_are_well_formed_with_one_series_per_engine()
    {
        BenchReport.WriteAll(SyntheticResults.Run(), _dir);

        Assert.Equal(["pos", "pow", "neo (4 nodes)", "offered"], Series("throughput.svg"));
        Assert.Equal(["pos 1,000/s", "pow 1,000/s"], Series("latency-cdf.svg"));
        Assert.Equal(["pos", "pow"], Series("scaling.svg"));
        var throughput = XDocument.Load(Path.Combine(_dir, "throughput.svg"));
        Assert.Equal(Svg + "svg", throughput.Root!.Name);
        Assert.NotEmpty(throughput.Descendants(Svg + "polyline"));
    }

    [Fact]
    public void The_markdown_has_a_row_per_cell_the_peer_ratios_and_the_thesis_figures()
    {
        var run = SyntheticResults.Run();
        BenchReport.WriteAll(run, _dir);

        var md = File.ReadAllText(Path.Combine(_dir, "results.md"));
        // The cells' table has 14 columns (15 pipes a row); the ratio and thesis tables fewer.
        Assert.Equal(run.Cells.Count, md.Split('\n').Count(l => l.StartsWith("| po", StringComparison.Ordinal) && l.Count(ch => ch == '|') == 15));
        Assert.Contains("| pos | 500 | 485 | 450 | 1.08 |", md);
        Assert.Contains("about 35 s", md);
    }

    private List<string> Series(string file) =>
        XDocument.Load(Path.Combine(_dir, file)).Descendants(Svg + "g").Select(g => (string)g.Attribute("data-series")!).ToList();
}
