using System.Diagnostics;
using System.Text.Json;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Node.Devnet;

namespace EnergyChain.Node.Tests.Devnet;

public sealed partial class DevnetProcessTests
{
    [Fact]
    public async Task A_poeg_devnet_settles_market_slots_from_its_simulated_households_orders_and_meter_readings()
    {
        var clock = Stopwatch.StartNew();
        _devnet = StartDevnet("--engine", "poeg", "--households", "4", "--market-slot-blocks", "10", "--home", Dir, "--accounts", "0", "--status-interval", "1");
        var manifestPath = Path.Combine(Dir, DevnetManifest.FileName);
        await WaitUntilAsync(() => Task.FromResult(File.Exists(manifestPath)), TimeSpan.FromSeconds(120), "devnet.json");
        var manifest = _manifest = DevnetManifest.Load(manifestPath);
        Assert.Equal("poeg", manifest.Engine);
        Assert.Equal(4, manifest.Nodes.Count);

        // The gRPC market stream of node 0 follows the same slots from now on (checked at the end).
        using var grpc = global::Grpc.Net.Client.GrpcChannel.ForAddress($"http://{manifest.Nodes[0].Grpc}");
        using var market = new Rpc.V1.Node.NodeClient(grpc).SubscribeMarket(new Rpc.V1.SubscribeMarketRequest());
        var marketEvents = new List<Rpc.V1.MarketEvent>();
        var marketReader = Task.Run(async () =>
        {
            while (await market.ResponseStream.MoveNext(CancellationToken.None))
            {
                lock (marketEvents)
                {
                    marketEvents.Add(market.ResponseStream.Current);
                }
            }
        });

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

        // Every household's meter reads the slots it ordered for, and the under-deliverer produces half of what it
        // sold: the first slot it sold in that settles charges it a penalty. Every slot settled so far is looked at once.
        Assert.All(manifest.Nodes, n => Assert.True(n.Meter is not null && File.Exists(n.MeterKey), $"{n.Name} has no meter key"));
        var underDeliverer = manifest.Nodes[PoegHouseholdSimulation.UnderDeliverer].Address;
        JsonElement household = default;
        var nextSlot = 1UL;
        await WaitUntilAsync(
            async () =>
            {
                var settled = (await GetJsonAsync(manifest.Nodes[1], "v1/consensus")).GetProperty("poeg").GetProperty("settledSlot");
                for (; settled.ValueKind == JsonValueKind.Number && nextSlot <= settled.GetUInt64(); nextSlot++)
                {
                    using var response = await _http.GetAsync($"{manifest.Nodes[1].Api}/v1/market/{nextSlot}/{underDeliverer}");
                    if (!response.IsSuccessStatusCode)
                    {
                        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: slot {nextSlot} settled without household 0 ({(int)response.StatusCode})");
                        continue;
                    }

                    household = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                    _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: slot {nextSlot} settled, household 0 penalized {household.GetProperty("penaltyMicro")} micro");
                    if (household.GetProperty("penaltyMicro").GetUInt64() > 0)
                    {
                        return true;
                    }
                }

                return false;
            },
            TimeSpan.FromSeconds(120),
            "a settled slot that penalizes the under-delivering household 0");
        Assert.Equal("settled", household.GetProperty("phase").GetString());
        Assert.True(household.GetProperty("shortfallWh").GetUInt64() > 0, household.ToString());
        Assert.False(household.GetProperty("reading").GetProperty("missing").GetBoolean(), household.ToString());

        // The progress line carries the engine's summary of the last settled slot.
        await WaitUntilAsync(() => Task.FromResult(DevnetOutput.Contains("poeg: slot ", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "a settlement summary in the progress lines");
        Assert.Matches(@"poeg: slot \d+ settled: \d+ Wh traded in coalitions, \d+ Wh delivered", DevnetOutput);

        await WaitUntilAsync(
            () =>
            {
                lock (marketEvents)
                {
                    return Task.FromResult(marketEvents.Any(e => e.Kind == Rpc.V1.MarketEventKind.SlotSettled && e.Trades.Any(t => t.HasDeliveredWh)));
                }
            },
            TimeSpan.FromSeconds(60),
            $"a settled slot on the gRPC market stream (task {marketReader.Status})");
        lock (marketEvents)
        {
            var settledEvent = marketEvents.First(e => e.Kind == Rpc.V1.MarketEventKind.SlotSettled && e.Trades.Any(t => t.HasDeliveredWh));
            var clearedEvent = Assert.Single(marketEvents, e => e.Kind == Rpc.V1.MarketEventKind.SlotCleared && e.Slot == settledEvent.Slot);
            Assert.True(clearedEvent.Coalitions >= 1 && clearedEvent.TradedWh > 0, clearedEvent.ToString());
            Assert.True(settledEvent.Height > clearedEvent.Height, settledEvent.ToString());
            Assert.Equal(clearedEvent.Trades.Select(t => (t.Seller, t.Buyer, t.EnergyWh)), settledEvent.Trades.Select(t => (t.Seller, t.Buyer, t.EnergyWh)));
        }

        var signal = Interrupt(_devnet);
        Assert.True(_devnet.WaitForExit(60_000), $"the devnet did not exit after {signal}:{Environment.NewLine}{DevnetOutput}");
        _devnet.WaitForExit();
        Assert.True(_devnet.ExitCode == 0, $"exit code {_devnet.ExitCode}:{Environment.NewLine}{DevnetOutput}");
        Assert.Contains("/v1/coalitions", DevnetOutput, StringComparison.Ordinal);
    }
}
