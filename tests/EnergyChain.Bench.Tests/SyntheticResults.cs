using EnergyChain.NeoPeer;

namespace EnergyChain.Bench.Tests;

/// <summary>A made-up run: two engines x two node counts x two rates, one failed cell, a peer at both rates.</summary>
internal static class SyntheticResults
{
    public static BenchResult Run()
    {
        var cells = new List<CellResult>();
        foreach (var engine in new[] { "pos", "pow" })
        {
            foreach (var nodes in new[] { 4, 7 })
            {
                foreach (var rate in new[] { 500, 1000 })
                {
                    if (engine == "pow" && nodes == 7 && rate == 1000)
                    {
                        cells.Add(new CellResult { Engine = engine, Nodes = nodes, Offered = rate, Seconds = 10, Error = "InvalidOperationException: the devnet exited, \"badly\"" });
                        continue;
                    }

                    var scale = engine == "pow" ? 10.0 : 1.0;
                    cells.Add(new CellResult
                    {
                        Engine = engine,
                        Nodes = nodes,
                        Offered = rate,
                        Seconds = 10,
                        Finality = engine == "pow" ? "6 confirmations" : "BFT commit",
                        Transfers = rate * 10,
                        Committed = rate * 10,
                        Measured = rate * 10,
                        SustainedPerSecond = rate * 0.97 / (nodes / 4.0),
                        P50Ms = 300 * scale,
                        P90Ms = 450 * scale,
                        P99Ms = 600 * scale,
                        MaxMs = 700 * scale,
                        LatencyPercentilesMs = Enumerable.Range(0, 101).Select(k => (200 + (k * 5)) * scale).ToArray(),
                        Blocks = 30,
                        TransfersPerBlock = rate / 3.0,
                        BlockIntervalP50Ms = 300 * scale,
                        BlockIntervalP90Ms = 400 * scale,
                        BlockIntervalMaxMs = 500 * scale,
                        BlockIntervalMeanMs = 320 * scale,
                        CpuSecondsPer1000 = 4.2,
                        WireBytesPerTransfer = 1600,
                        PeakRssMiB = Enumerable.Repeat(110.0, nodes).ToArray(),
                        MarketTransactions = 0,
                        MarketPerSecond = 0,
                    });
                }
            }
        }

        var peers = new[] { 500, 1000 }.Select(rate => new PeerResult("neo", rate, new NeoPeerResult(
            rate, 10, rate * 10, 0, rate * 10, rate * 0.9, 1500, 2000, 2500, 3000, 10, rate, rate, 512, 50_000, 1000, new Dictionary<string, int>()), null)).ToList();
        return new BenchResult
        {
            Command = "energychain-bench consensus --engines pos,pow --nodes 4,7 --rates 500,1000",
            Mode = "matrix",
            Started = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            WallSeconds = 600,
            Machine = "2 cores, test",
            Seconds = 10,
            WarmupSeconds = 5,
            Cells = cells,
            Peers = peers,
            Ratios = ConsensusBench.Ratios(cells, peers),
        };
    }
}
