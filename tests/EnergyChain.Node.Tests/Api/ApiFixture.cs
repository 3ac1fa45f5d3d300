using EnergyChain.Core.Crypto;
using EnergyChain.Harness;

namespace EnergyChain.Node.Tests.Api;

/// <summary>One node process shared by the API tests, with a funded key.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string ChainId = "energychain-api";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("energychain-api-test-");

    public PrivateKey Funded { get; } = PrivateKey.Generate();

    public NodeProcess Node { get; private set; } = null!;

    /// <summary>The node's home directory (its genesis.json, config and key).</summary>
    public string Home => Path.Combine(_root.FullName, "home");

    public async Task InitializeAsync()
    {
        var home = Home;
        var init = NodeProcess.RunToCompletion("init", "--home", home, "--chain-id", ChainId, "--fund", $"{Funded.Address}=1000000000");
        Assert.True(init.ExitCode == 0, init.Output);
        Node = await NodeProcess.StartAsync(home, "--block-interval", "100");
    }

    public Task DisposeAsync()
    {
        Node.Dispose();
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
