namespace EnergyChain.NeoPeer.Tests;

/// <summary>
/// A tiny load against a real 4-node neo-express network. It checks the run completes and its result is consistent,
/// never how fast it was. Skipped where neo-express is not installed (set $NEOXP to a neoxp executable to run it).
/// </summary>
public class NeoPeerRunTests
{
    [NeoExpressFact]
    public async Task A_tiny_load_reaches_blocks_and_is_reported()
    {
        var log = new StringWriter();
        var result = await new NeoPeerRun(new NeoPeerSettings(Rate: 20, Seconds: 2, Senders: 4, WarmupSeconds: 1, Concurrency: 4), log)
            .RunAsync();

        Assert.True(result.Committed == 40, log.ToString());
        Assert.Equal(40, result.Submitted);
        Assert.Equal(0, result.Rejected);
        Assert.InRange(result.Blocks, 1, 40);
        Assert.True(result.P50Ms <= result.P90Ms && result.P90Ms <= result.P99Ms && result.P99Ms <= result.MaxMs);
        Assert.True(result.SustainedPerSecond > 0);
        Assert.Equal(512, result.MaxTransactionsPerBlock);
        Assert.Equal(1000, result.MillisecondsPerBlock);
    }

    [Fact]
    public async Task A_missing_neoxp_is_a_setup_error_that_names_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-neoxp-" + Guid.NewGuid().ToString("N"));
        var error = await Assert.ThrowsAsync<NeoPeerSetupException>(() =>
            new NeoPeerRun(new NeoPeerSettings(Rate: 1, Seconds: 1, Neoxp: missing), TextWriter.Null).RunAsync());
        Assert.Contains(missing, error.Message);
    }
}
