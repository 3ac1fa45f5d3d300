using System.Text.Json;
using System.Xml.Linq;

namespace EnergyChain.Bench.Tests;

/// <summary>
/// energychain-bench consensus --quick end to end with real node processes (two 4-node devnets, about a minute):
/// the run completes and its reports are well formed. Never how fast it was.
/// </summary>
public sealed class QuickRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("energychain-bench-quick-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_quick_matrix_runs_on_real_nodes_and_writes_well_formed_reports()
    {
        var options = BenchOptions.Quick(new BenchOptions { Output = _dir });
        var console = new StringWriter();

        var result = await new ConsensusBench(options, "energychain-bench consensus --quick", console, live: false).RunAsync();

        Assert.Equal(["pos", "poeg"], result.Cells.Select(c => c.Engine));
        Assert.All(result.Cells, c => Assert.True(c.Measured > 0 && c.LatencyPercentilesMs.Count == 101 && c.PeakRssMiB.Count == 4, $"{c.Engine}: {c.Error}\n{console}"));
        // The wire figure comes from the nodes' P2P byte counters through /metrics: every transfer is gossiped and
        // proposed to three peers, so it cannot cost less than its own size (over 100 bytes) on the wire.
        Assert.All(result.Cells, c => Assert.True(c.WireBytesPerTransfer > 100, $"{c.Engine}: {c.WireBytesPerTransfer} wire bytes per transfer"));
        Assert.Equal("grpc", result.Transport);
        Assert.All(BenchReport.Files, f => Assert.True(File.Exists(Path.Combine(_dir, f)), f));
        Assert.Equal(2, JsonSerializer.Deserialize<BenchResult>(File.ReadAllText(Path.Combine(_dir, "results.json")), BenchReport.Json)!.Cells.Count);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(_dir, "results.csv")).Length);
        foreach (var svg in BenchReport.Files.Where(f => f.EndsWith(".svg", StringComparison.Ordinal)))
        {
            Assert.NotEmpty(XDocument.Load(Path.Combine(_dir, svg)).Root!.Elements());
        }

        Assert.Contains("cell 2/2 poeg 4 nodes", console.ToString());
    }
}
