using System.Text.Json;
using EnergyChain.Node.Devnet;

namespace EnergyChain.Node.Tests.Devnet;

public sealed partial class DevnetProcessTests
{
    [Fact]
    public async Task A_posoc_devnet_aggregates_its_simulated_EVs_model_updates_into_a_global_model()
    {
        // Hours of 2 blocks: a 24-hour round is 48 blocks, so the first round closes in well under a minute.
        _devnet = StartDevnet("--engine", "posoc", "--evs", "4", "--hour-blocks", "2", "--home", Dir, "--accounts", "0", "--status-interval", "0");
        var manifestPath = Path.Combine(Dir, DevnetManifest.FileName);
        await WaitUntilAsync(() => Task.FromResult(File.Exists(manifestPath)), TimeSpan.FromSeconds(120), "devnet.json");
        var manifest = _manifest = DevnetManifest.Load(manifestPath);
        Assert.Equal("posoc", manifest.Engine);

        JsonElement model = default;
        await WaitUntilAsync(
            async () =>
            {
                model = await GetJsonAsync(manifest.Nodes[2], "v1/model");
                return model.GetProperty("contributors").ValueKind == JsonValueKind.Number && model.GetProperty("contributors").GetInt32() == 4;
            },
            TimeSpan.FromSeconds(150),
            "a round aggregated from all four EVs' updates");
        _output.WriteLine($"model: {model}");
        Assert.Equal(1736, model.GetProperty("parameters").GetInt32());

        // Every node holds the same global model.
        var hashes = new List<string?>();
        var round = model.GetProperty("round").GetUInt64();
        foreach (var node in manifest.Nodes)
        {
            await WaitUntilAsync(async () => (await GetJsonAsync(node, "v1/model")).GetProperty("round").ValueKind == JsonValueKind.Number, TimeSpan.FromSeconds(30), $"{node.Name} has a model");
            var mine = await GetJsonAsync(node, "v1/model");
            if (mine.GetProperty("round").GetUInt64() == round)
            {
                hashes.Add(mine.GetProperty("hash").GetString());
            }
        }

        Assert.Single(hashes.Distinct());
        var posoc = (await GetJsonAsync(manifest.Nodes[0], "v1/consensus")).GetProperty("posoc");
        Assert.Equal(4, posoc.GetProperty("evs").GetArrayLength());
        Assert.Contains(posoc.GetProperty("evs").EnumerateArray(), ev => ev.GetProperty("score24h").GetInt64() != 0);

        var signal = Interrupt(_devnet);
        Assert.True(_devnet.WaitForExit(60_000), $"the devnet did not exit after {signal}:{Environment.NewLine}{DevnetOutput}");
        _devnet.WaitForExit();
        Assert.True(_devnet.ExitCode == 0, $"exit code {_devnet.ExitCode}:{Environment.NewLine}{DevnetOutput}");
    }
}
