using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using EnergyChain.Harness;
using EnergyChain.TestKit;
using Xunit.Abstractions;

namespace EnergyChain.Node.Tests.Network;

/// <summary>Four real node processes mining PoW on 127.0.0.1 (one miner thread each).</summary>
public sealed class PowMultiNodeTests
{
    /// <summary>Easy enough for four one-thread miners on two cores: about 0.1-0.5 s a block, retargeted every 8.</summary>
    private const string Parameters = """{"initialDifficultyBits":17,"minDifficultyBits":8,"targetBlockMs":1000,"retargetInterval":8,"blockReward":1000}""";

    private readonly ITestOutputHelper _output;

    public PowMultiNodeTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Four_pow_nodes_converge_on_one_chain_and_commit_a_transfer_submitted_anywhere()
    {
        var started = Stopwatch.StartNew();
        using var net = LocalNetwork.Create(4, engine: "pow", engineParameters: Parameters);
        for (var i = 0; i < 4; i++)
        {
            await net.StartAsync(i);
        }

        var tx = net.Transfer(0, nonce: 0);
        var (status, body) = await net[2].PostJsonAsync("v1/tx", new { tx = Convert.ToHexStringLower(tx.Encoded) });
        Assert.True((int)status is 200 or 202, body.ToString());

        for (var i = 0; i < 4; i++)
        {
            var node = net[i];
            await node.WaitUntilAsync(async () => await StatusAsync(node, "height") >= 12, TimeSpan.FromSeconds(45), $"node {i} reached height 12");
        }

        await net[0].WaitUntilAsync(
            async () =>
            {
                using var response = await net[0].Http.GetAsync($"v1/tx/{tx.Hash}");
                var text = await response.Content.ReadAsStringAsync();
                return response.IsSuccessStatusCode && (text.Contains("\"committed\"", StringComparison.Ordinal) || text.Contains("\"final\"", StringComparison.Ordinal));
            },
            TimeSpan.FromSeconds(20),
            "node 0 committed the transfer submitted to node 2");

        // Every node's finalized blocks agree: the block at the lowest finalized height is the same everywhere.
        string[] hashes = [];
        ulong height = 0;
        await net[0].WaitUntilAsync(
            async () =>
            {
                height = (await Task.WhenAll(Enumerable.Range(0, 4).Select(i => StatusAsync(net[i], "finalizedHeight")))).Min();
                hashes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i => (await net[i].GetJsonAsync($"v1/block/{height}")).GetProperty("hash").GetString()!));
                return height >= 6 && hashes.Distinct().Count() == 1;
            },
            TimeSpan.FromSeconds(15),
            "the four nodes agree on the block at their lowest finalized height");
        Assert.Single(hashes.Distinct());

        var consensus = (await net[1].GetJsonAsync("v1/consensus")).GetProperty("pow");
        Assert.Equal(64, consensus.GetProperty("target").GetString()!.Length);
        Assert.InRange(consensus.GetProperty("difficultyBits").GetInt32(), 8, 40);
        Assert.True(BigInteger.Parse(consensus.GetProperty("headTotalWork").GetString()!, CultureInfo.InvariantCulture) > 0);
        Assert.Equal(6, consensus.GetProperty("confirmations").GetInt32());
        Assert.True(consensus.GetProperty("mining").GetBoolean());
        var head = await net[1].GetJsonAsync("v1/status");
        Assert.InRange(head.GetProperty("height").GetUInt64() - head.GetProperty("finalizedHeight").GetUInt64(), 5UL, 7UL);
        for (var i = 0; i < 4; i++)
        {
            foreach (var line in net[i].Output.Split('\n').Where(l => l.Contains("reorganization", StringComparison.Ordinal) || l.Contains(" WRN ", StringComparison.Ordinal) || l.Contains(" ERR ", StringComparison.Ordinal)))
            {
                _output.WriteLine($"node {i}: {line}");
            }
        }

        _output.WriteLine($"converged at finalized height {height} ({hashes[0]}) after {started.Elapsed.TotalSeconds:F1} s; node 1: {consensus}");
    }

    private static async Task<ulong> StatusAsync(NodeProcess node, string field) =>
        (await node.GetJsonAsync("v1/status")).GetProperty(field).GetUInt64();
}
