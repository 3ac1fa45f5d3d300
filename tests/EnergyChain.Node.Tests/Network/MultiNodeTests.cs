using System.Text.Json;
using EnergyChain.Harness;
using EnergyChain.TestKit;
using Xunit.Abstractions;

namespace EnergyChain.Node.Tests.Network;

/// <summary>Real node processes on 127.0.0.1 talking the P2P protocol (issue 4 acceptance).</summary>
public sealed class MultiNodeTests
{
    private readonly ITestOutputHelper _output;

    public MultiNodeTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Four_nodes_share_transactions_and_blocks_and_agree_on_head_and_state_root()
    {
        using var net = LocalNetwork.Create(4);

        // A long block interval, so the transaction is seen pending everywhere before the producer takes it.
        var producer = await net.StartAsync(0, "--block-interval", "4000");
        for (var i = 1; i < 4; i++)
        {
            await net.StartAsync(i);
        }

        await producer.WaitUntilAsync(async () => (await producer.GetJsonAsync("v1/status")).GetProperty("peers").GetInt32() == 3, TimeSpan.FromSeconds(30), "the producer connected to the 3 others");

        var tx = net.Transfer(0, nonce: 0);
        var (status, body) = await net[1].PostJsonAsync("v1/tx", new { tx = Convert.ToHexStringLower(tx.Encoded) });
        Assert.True((int)status is 200 or 202, body.ToString());
        for (var i = 0; i < 4; i++)
        {
            var node = net[i];
            await node.WaitUntilAsync(async () => await TxStatusAsync(node, tx.Hash.ToString()) is "pending" or "committed" or "final", TimeSpan.FromSeconds(20), $"the transaction reached node {i}");
        }

        // The producer commits it; every node applies the block.
        for (var i = 0; i < 4; i++)
        {
            var node = net[i];
            await node.WaitUntilAsync(async () => await TxStatusAsync(node, tx.Hash.ToString()) is "committed" or "final", TimeSpan.FromSeconds(30), $"node {i} committed the transaction");
        }

        var statuses = new List<JsonElement>();
        foreach (var i in Enumerable.Range(0, 4))
        {
            statuses.Add(await net[i].GetJsonAsync("v1/status"));
        }

        var height = statuses.Min(s => s.GetProperty("height").GetUInt64());
        var blocks = new List<JsonElement>();
        foreach (var i in Enumerable.Range(0, 4))
        {
            blocks.Add(await net[i].GetJsonAsync($"v1/block/{height}"));
        }

        Assert.Single(blocks.Select(b => b.GetProperty("hash").GetString()).Distinct());
        Assert.Single(blocks.Select(b => b.GetProperty("stateRoot").GetString()).Distinct());
        Assert.All(statuses, s => Assert.Equal(3, s.GetProperty("peers").GetInt32()));
    }

    [Fact]
    public async Task A_stopped_node_catches_up_2000_blocks_through_block_sync()
    {
        const int Blocks = 2000;
        using var net = LocalNetwork.Create(4);
        var producer = await net.StartAsync(0, "--block-interval", "10", "--empty-blocks", "true");
        for (var i = 1; i < 4; i++)
        {
            await net.StartAsync(i);
        }

        await net[3].WaitUntilAsync(async () => await HeightAsync(net[3]) >= 5, TimeSpan.FromSeconds(30), "node 3 follows");
        net.Stop(3);
        var stoppedAt = await HeightAsync(producer);

        // Transfers keep flowing while node 3 is down, so the history it misses has transactions in it.
        var nonce = 0UL;
        while (await HeightAsync(producer) < stoppedAt + Blocks)
        {
            var tx = net.Transfer(1, nonce++);
            await net[1 + (int)(nonce % 2)].PostJsonAsync("v1/tx", new { tx = Convert.ToHexStringLower(tx.Encoded) });
            await Task.Delay(20);
        }

        var target = await HeightAsync(producer);
        _output.WriteLine($"node 3 stopped at {stoppedAt}; the others reached {target}; {nonce} transfers sent");
        var restarted = await net.StartAsync(3);
        var started = DateTime.UtcNow;
        await restarted.WaitUntilAsync(async () => await HeightAsync(restarted) >= target, TimeSpan.FromSeconds(120), $"node 3 caught up to {target}");
        _output.WriteLine($"caught up {target - stoppedAt} blocks in {(DateTime.UtcNow - started).TotalSeconds:F1} s (including start-up)");

        var expected = await producer.GetJsonAsync($"v1/block/{target}");
        var synced = await restarted.GetJsonAsync($"v1/block/{target}");
        Assert.Equal(expected.GetProperty("hash").GetString(), synced.GetProperty("hash").GetString());
        Assert.Equal(
            expected.GetProperty("stateRoot").GetString(),
            synced.GetProperty("stateRoot").GetString());
        Assert.Contains("Block sync", restarted.Output, StringComparison.Ordinal);
    }

    private static async Task<ulong> HeightAsync(NodeProcess node) =>
        (await node.GetJsonAsync("v1/status")).GetProperty("height").GetUInt64();

    private static async Task<string?> TxStatusAsync(NodeProcess node, string hash)
    {
        using var response = await node.Http.GetAsync($"v1/tx/{hash}");
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("status").GetString();
    }
}
