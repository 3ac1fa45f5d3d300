using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Node.Hosting;
using EnergyChain.Node.Tests.Hosting;

namespace EnergyChain.Node.Tests.Devnet;

/// <summary>Issue 23 under <c>poeg</c>: a household that joins a running market takes part in its next slot.</summary>
public sealed partial class DevnetProcessTests
{
    /// <summary>The joined household's order: it buys all it consumes.</summary>
    private const ulong JoinedConsumptionWh = 9_000;

    /// <summary>
    /// Its highest buying price, above anything a genesis seller asks (at most twice retail plus one): a coalition's
    /// price then never misses its limit, so the clearing cannot exclude it for price and the test need not guess.
    /// </summary>
    private const ulong JoinedMaxBuyMicroPerWh = 1_000;

    [Fact]
    public async Task A_household_that_joins_a_poeg_devnet_orders_is_read_and_settles_in_the_next_market_slot()
    {
        var clock = Stopwatch.StartNew();
        var manifest = await StartDevnetAsync("--engine", "poeg", "--households", "4", "--market-slot-blocks", "20", "--home", Dir, "--accounts", "1", "--status-interval", "0");
        var node0 = manifest.Nodes[0];

        // The household joins with a meter; its balance after the deposit pays the escrow of what it buys.
        var joiner = StartJoiner(manifest, "household-new");
        var members = await AdmitAsync(manifest, new WalletProcess(Keystore, node0.Api), [], 100_000_000, joiner);
        var record = Assert.Single(members, m => m.GetProperty("name").GetString() == joiner.Name);
        var meterKey = NodeHome.ReadKeyFile(Path.Combine(joiner.Home, NodeJoiner.MeterKeyFile));
        Assert.Equal(meterKey.PublicKey.ToString(), record.GetProperty("meterKey").GetString());
        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {joiner.Name} is a member from height {record.GetProperty("sinceHeight")}");

        // From here it acts through its own node, as its wallet and meter would: the node synced while members voted.
        var node = joiner.Entry;
        var since = record.GetProperty("sinceHeight").GetUInt64();
        await WaitUntilAsync(async () => (await GetJsonAsync(node, "v1/status")).GetProperty("height").GetUInt64() >= since, TimeSpan.FromSeconds(30), $"{joiner.Name}'s node at height {since}");
        var household = new WalletProcess(Keystore, joiner.Api);
        household.RunOk("key", "import", "--name", joiner.Name, "--file", Path.Combine(joiner.Home, "node.key"));
        household.RunOk("key", "import", "--name", "meter", "--file", Path.Combine(joiner.Home, NodeJoiner.MeterKeyFile));

        // Next to the under-deliverer, which sells every slot: a buyer there is its natural coalition partner.
        var (x, y) = PoegHouseholdSimulation.LocationOf(PoegHouseholdSimulation.UnderDeliverer);
        household.RunOk("report", "location", "--key", joiner.Name, "--x", Text((ulong)x + 50), "--y", Text((ulong)y), "--wait");

        // Its order for the next slot, sent while at least half the current slot is left so that it lands in time.
        var poeg = (await GetJsonAsync(node, "v1/consensus")).GetProperty("poeg");
        var slotBlocks = poeg.GetProperty("marketSlotBlocks").GetUInt64();
        var slot = 0UL;
        await WaitUntilAsync(
            async () =>
            {
                var next = (await GetJsonAsync(node, "v1/status")).GetProperty("height").GetUInt64() + 1;
                slot = ((next - 1) / slotBlocks) + 1;
                return (next - 1) % slotBlocks < slotBlocks / 2;
            },
            TimeSpan.FromSeconds(30),
            "the first half of a market slot");
        household.RunOk(
            "market", "forecast", "--key", joiner.Name, "--slot", Text(slot), "--production", "0", "--consumption", Text(JoinedConsumptionWh),
            "--min-sell", "0", "--max-buy", Text(JoinedMaxBuyMicroPerWh), "--wait");
        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {joiner.Name} ordered for market slot {slot}");

        // Once the slot has ended, its meter reads it in the reading window that opens with the next slot's first block.
        var opens = ((slot + 1) * slotBlocks) + 1;
        await WaitUntilAsync(async () => (await GetJsonAsync(node, "v1/status")).GetProperty("height").GetUInt64() + 1 >= opens, TimeSpan.FromSeconds(60), $"market slot {slot}'s reading window");
        household.RunOk(
            "market", "meter", "--slot", Text(slot), "--produced", "0", "--consumed", Text(JoinedConsumptionWh - 200),
            "--meter-key", "meter", "--household", joiner.Address!, "--wait");
        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {joiner.Name}'s meter read market slot {slot}");

        // The slot settles with the joined household in it: its order cleared into a coalition, not excluded, and its
        // meter's reading counted. Asked of a genesis member's node, which holds the same chain.
        JsonElement view = default;
        await WaitUntilAsync(
            async () =>
            {
                using var response = await _http.GetAsync($"{node0.Api}/v1/market/{slot}/{joiner.Address}");
                Assert.True(response.IsSuccessStatusCode, $"market slot {slot} without {joiner.Name}: {await response.Content.ReadAsStringAsync()}");
                view = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                return view.GetProperty("phase").GetString() == "settled";
            },
            TimeSpan.FromSeconds(60),
            $"market slot {slot} settled");
        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {view}");
        Assert.Equal(JsonValueKind.Null, view.GetProperty("excluded").ValueKind);
        Assert.Equal(JoinedConsumptionWh, view.GetProperty("forecast").GetProperty("consumptionWh").GetUInt64());
        Assert.Contains(view.GetProperty("coalition").GetProperty("members").EnumerateArray(), m => m.GetString() == joiner.Address);
        var reading = view.GetProperty("reading");
        Assert.False(reading.GetProperty("missing").GetBoolean(), view.ToString());
        Assert.Equal(JoinedConsumptionWh - 200, reading.GetProperty("consumedWh").GetUInt64());

        // It produces nothing, so it can only buy; whatever it bought in the coalition is paid or refunded from its escrow.
        Assert.All(view.GetProperty("trades").EnumerateArray(), t => Assert.Equal("buy", t.GetProperty("side").GetString()));
        Assert.Equal(view.GetProperty("escrowMicro").GetUInt64(), view.GetProperty("paidMicro").GetUInt64() + view.GetProperty("refundedMicro").GetUInt64());

        var market = await GetJsonAsync(node0, $"v1/market/{slot}");
        Assert.Contains(market.GetProperty("households").EnumerateArray(), h => h.GetProperty("address").GetString() == joiner.Address);
        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: slot {slot} settled with {market.GetProperty("households").GetArrayLength()} household(s), {view.GetProperty("trades").GetArrayLength()} trade(s) of {joiner.Name}");
    }

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
