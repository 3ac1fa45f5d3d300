using EnergyChain.LoadGen;

namespace EnergyChain.Bench.Tests;

public sealed class CellAnalysisTests
{
    // Blocks 1..10 reach node 0 one second apart (block h at h seconds); block 3 holds the market's two transactions.
    private static readonly ClusterBlock[] Chain = Enumerable.Range(1, 10)
        .Select(h => new ClusterBlock((ulong)h, $"hash{h}", h, 10, h == 3 ? 2 : 0)).ToArray();

    [Fact]
    public void Under_bft_a_transfer_is_final_when_its_block_arrives()
    {
        var result = Analyze("pos", depth: 0);

        Assert.Equal("BFT commit", result.Finality);
        Assert.Equal([500d, 1500d], [result.P50Ms, result.MaxMs]);
        Assert.Equal(2, result.Measured);
    }

    [Fact]
    public void Under_pow_a_transfer_is_final_when_the_block_six_above_its_block_arrives()
    {
        var result = Analyze("pow", depth: 6);

        // Included at 1 and 2, final at 7 and 8 (seconds), submitted at 0.5.
        Assert.Equal("6 confirmations", result.Finality);
        Assert.Equal([6500d, 7500d], [result.P50Ms, result.MaxMs]);
        // Throughput counts inclusion: 2 transfers from the first submission (0.5 s) to the last including block (2 s).
        Assert.Equal(2 / 1.5, result.SustainedPerSecond, 6);
    }

    [Fact]
    public void Block_insertion_time_is_the_interval_between_arrivals_and_market_transactions_are_counted()
    {
        var result = Analyze("pos", depth: 0, included: [1, 3]);

        Assert.Equal(1000, result.BlockIntervalP50Ms);
        Assert.Equal(1000, result.BlockIntervalMaxMs);
        Assert.Equal(2, result.MarketTransactions);
        Assert.Equal(3, result.Blocks);
    }

    [Fact]
    public void A_transfer_whose_final_block_was_not_seen_is_left_out_and_a_short_commit_is_an_error()
    {
        var result = Analyze("pow", depth: 6, included: [1, 5], committed: 1);

        Assert.Equal(1, result.Measured);
        Assert.NotNull(result.Error);
    }

    private static CellResult Analyze(string engine, int depth, ulong[]? included = null, long committed = 2)
    {
        var settings = new ClusterSettings(engine, 4, 100, 1, 10, 1, 200, null, 0, depth);
        var measurement = new ClusterMeasurement(settings, committed, [0.5, 0.5], included ?? [1, 2], Chain);
        return CellAnalysis.Analyze(new BenchCell(engine, 4, 100), measurement, new ProbeReading(8, 3200, [100, 120]));
    }
}
