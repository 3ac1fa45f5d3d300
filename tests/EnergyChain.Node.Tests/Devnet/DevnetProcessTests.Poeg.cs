using System.Diagnostics;
using System.Text.Json;
using EnergyChain.Node.Devnet;

namespace EnergyChain.Node.Tests.Devnet;

public sealed partial class DevnetProcessTests
{
    [Fact]
    public async Task A_poeg_devnet_settles_market_slots_from_its_simulated_households_forecasts()
    {
        var clock = Stopwatch.StartNew();
        _devnet = StartDevnet("--engine", "poeg", "--households", "4", "--market-slot-blocks", "10", "--home", Dir, "--accounts", "0", "--status-interval", "0");
        var manifestPath = Path.Combine(Dir, DevnetManifest.FileName);
        await WaitUntilAsync(() => Task.FromResult(File.Exists(manifestPath)), TimeSpan.FromSeconds(120), "devnet.json");
        var manifest = _manifest = DevnetManifest.Load(manifestPath);
        Assert.Equal("poeg", manifest.Engine);
        Assert.Equal(4, manifest.Nodes.Count);

        // The households register and forecast through the API; a slot with all four of them settles with trades.
        // Slots of 10 blocks (2 s) leave the four households room to land their forecasts in one slot on a loaded
        // machine; every settled slot is logged so that a timeout shows how far the market got.
        JsonElement coalitions = default;
        var lastSlot = -1L;
        await WaitUntilAsync(
            async () =>
            {
                using var response = await _http.GetAsync($"{manifest.Nodes[1].Api}/v1/coalitions");
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }

                coalitions = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                if (coalitions.GetProperty("slot").GetInt64() != lastSlot)
                {
                    lastSlot = coalitions.GetProperty("slot").GetInt64();
                    _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: slot {lastSlot} settled with {coalitions.GetProperty("households").GetArrayLength()} household(s)");
                }

                return coalitions.GetProperty("households").GetArrayLength() == 4;
            },
            TimeSpan.FromSeconds(120),
            "a market slot settled with all four households");
        _output.WriteLine($"settled slot {coalitions.GetProperty("slot")} after {clock.Elapsed.TotalSeconds:F1} s: {coalitions}");
        Assert.True(coalitions.GetProperty("coalitions").GetArrayLength() >= 1);
        Assert.Equal(1, coalitions.GetProperty("coalitions").EnumerateArray().Count(c => c.GetProperty("miner").GetBoolean()));

        var consensus = await GetJsonAsync(manifest.Nodes[0], "v1/consensus");
        var poeg = consensus.GetProperty("poeg");
        Assert.Equal(10UL, poeg.GetProperty("marketSlotBlocks").GetUInt64());
        Assert.Equal(4, poeg.GetProperty("scores").GetArrayLength());

        var signal = Interrupt(_devnet);
        Assert.True(_devnet.WaitForExit(60_000), $"the devnet did not exit after {signal}:{Environment.NewLine}{DevnetOutput}");
        _devnet.WaitForExit();
        Assert.True(_devnet.ExitCode == 0, $"exit code {_devnet.ExitCode}:{Environment.NewLine}{DevnetOutput}");
        Assert.Contains("/v1/coalitions", DevnetOutput, StringComparison.Ordinal);
    }
}
