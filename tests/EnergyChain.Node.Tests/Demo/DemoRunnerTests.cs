using EnergyChain.Node.Demo;

namespace EnergyChain.Node.Tests.Demo;

public sealed class DemoRunnerTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("energychain-demo-test-");

    public void Dispose() => _home.Delete(recursive: true);

    [Fact]
    public void Commits_blocks_and_reopens_at_the_same_head()
    {
        var output = new StringWriter();
        var exit = new DemoRunner(new DemoOptions(_home, 10, 3, 200, "t"), output, TimeProvider.System).Run();
        Assert.True(exit == 0, output.ToString());
        Assert.Contains("block    3", output.ToString());
        Assert.Contains("reopened store: height 3", output.ToString());
        Assert.Contains("(matches)", output.ToString());
        Assert.True(File.Exists(Path.Combine(_home.FullName, "genesis.json")));
    }

    [Fact]
    public void A_second_run_continues_the_same_chain()
    {
        Assert.Equal(0, new DemoRunner(new DemoOptions(_home, 5, 2, 50, "t"), new StringWriter(), TimeProvider.System).Run());
        var output = new StringWriter();
        Assert.Equal(0, new DemoRunner(new DemoOptions(_home, 5, 2, 50, "t"), output, TimeProvider.System).Run());
        Assert.Contains("opened at       height 2", output.ToString());
        Assert.Contains("reopened store: height 4", output.ToString());
    }

    [Fact]
    public void A_damaged_genesis_file_is_a_clear_error_not_a_crash()
    {
        File.WriteAllText(Path.Combine(_home.FullName, "genesis.json"), "{ \"chainId\": ");
        var output = new StringWriter();
        Assert.Equal(1, new DemoRunner(new DemoOptions(_home, 5, 1, 10, "t"), output, TimeProvider.System).Run());
        Assert.StartsWith("error: ", output.ToString().Trim().Split('\n')[^1]);
        Assert.Contains("genesis.json: not valid JSON", output.ToString());
    }

    [Theory]
    [InlineData(1, 1, 1, "--households")]
    [InlineData(2, 0, 1, "--blocks")]
    [InlineData(2, 1, 10_001, "--txs-per-block")]
    public void Options_are_validated(int households, int blocks, int txs, string option)
    {
        Assert.Contains(option, new DemoOptions(null, households, blocks, txs, "s").Validate());
    }
}
