using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Tests.Bft;

public sealed class ChainApplicationTests
{
    [Fact]
    public void Commit_certificates_are_read_back_from_the_store_by_a_fresh_application()
    {
        var cluster = new BftCluster(4, seed: 31);
        cluster.Start();
        Assert.True(cluster.RunUntil(() => cluster.MinHeight() >= 3, TimeSpan.FromMinutes(1)), "the cluster finalizes three blocks");

        // As after a restart: nothing in memory but the chain (its store holds the certificates).
        var chain = cluster.Nodes[0].Chain;
        var restarted = new ChainApplication(chain, null, cluster.Keys[0], _ => cluster.Validators, cluster.ProposerFor);
        for (ulong height = 1; height <= 3; height++)
        {
            var (block, certificate) = restarted.GetCommitted(height) ?? throw new Xunit.Sdk.XunitException($"no certificate for {height}");
            Assert.Equal(block.Hash, certificate.BlockHash);
            Assert.Equal(height, certificate.Height);
            Assert.True(certificate.Verify(BftCluster.ChainId, cluster.Validators, CryptoBackends.Default));
        }

        Assert.Null(restarted.GetCommitted(0));
        Assert.Null(restarted.GetCommitted(chain.Head.Height + 1));
    }
}
