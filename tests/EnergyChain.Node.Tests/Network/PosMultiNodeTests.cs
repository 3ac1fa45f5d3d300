using EnergyChain.TestKit;

namespace EnergyChain.Node.Tests.Network;

/// <summary>Real node processes running the pos engine (BFT finality votes over the P2P consensus channel).</summary>
public sealed class PosMultiNodeTests
{
    [Fact]
    public async Task Four_pos_nodes_finalize_the_same_blocks_and_commit_transactions_submitted_anywhere()
    {
        using var net = LocalNetwork.Create(4, engine: "pos");
        for (var i = 0; i < 4; i++)
        {
            await net.StartAsync(i, "--block-interval", "200");
        }

        var txs = Enumerable.Range(0, 4).Select(i => net.Transfer(i, nonce: 0)).ToList();
        for (var i = 0; i < 4; i++)
        {
            var (status, body) = await net[i].PostJsonAsync("v1/tx", new { tx = Convert.ToHexStringLower(txs[i].Encoded) });
            Assert.True((int)status is 200 or 202, body.ToString());
        }

        foreach (var i in Enumerable.Range(0, 4))
        {
            var node = net[i];
            await node.WaitUntilAsync(
                async () =>
                {
                    foreach (var tx in txs)
                    {
                        using var response = await node.Http.GetAsync($"v1/tx/{tx.Hash}");
                        if (!response.IsSuccessStatusCode || !(await response.Content.ReadAsStringAsync()).Contains("\"final\"", StringComparison.Ordinal))
                        {
                            return false;
                        }
                    }

                    return true;
                },
                TimeSpan.FromSeconds(60),
                $"node {i} finalized all four transactions");
        }

        var height = (await Task.WhenAll(Enumerable.Range(0, 4).Select(async i => (await net[i].GetJsonAsync("v1/status")).GetProperty("finalizedHeight").GetUInt64()))).Min();
        var hashes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i => (await net[i].GetJsonAsync($"v1/block/{height}")).GetProperty("hash").GetString()));
        Assert.Single(hashes.Distinct());
        var certificate = await net[2].GetJsonAsync($"v1/certificate/{height}");
        Assert.Equal(hashes[0], certificate.GetProperty("blockHash").GetString());
        Assert.True(certificate.GetProperty("precommits").GetArrayLength() >= 3);
    }
}
