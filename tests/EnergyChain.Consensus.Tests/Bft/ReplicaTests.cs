using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Core.Transactions;
using EnergyChain.TestKit.Cluster;

namespace EnergyChain.Consensus.Tests.Bft;

public sealed class ReplicaTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public void Four_replicas_finalize_the_same_blocks_and_commit_transactions_submitted_anywhere()
    {
        var cluster = new BftCluster(4, seed: 1);
        cluster.Start();
        var txs = Enumerable.Range(0, 8).Select(i => Transfer(cluster, i % 4, (ulong)(i / 4))).ToList();
        for (var i = 0; i < txs.Count; i++)
        {
            Assert.True(cluster.Nodes[i % 4].Submit(txs[i]).Accepted);
        }

        Assert.True(cluster.RunUntil(() => cluster.MinHeight() >= 10, Patience), "the cluster reached height 10");
        cluster.AssertSafety();
        foreach (var node in cluster.Nodes)
        {
            Assert.All(txs, tx => Assert.NotNull(node.Chain.Store.GetTxLocation(tx.Hash)));
            Assert.Equal(cluster.Nodes[0].Chain.Store.GetBlock(10)!.Hash, node.Chain.Store.GetBlock(10)!.Hash);
            var certificate = node.Application.GetCommitted(10)!.Value.Certificate;
            Assert.True(certificate.Verify(BftCluster.ChainId, cluster.Validators, Core.Crypto.CryptoBackends.Default));
        }
    }

    [Fact]
    public void An_offline_proposer_is_skipped_after_its_timeout_and_the_chain_goes_on()
    {
        var cluster = new BftCluster(4, seed: 2);
        cluster.Start();
        cluster.Sim.Crash(3);
        Assert.True(cluster.RunUntil(() => cluster.MinHeight([0, 1, 2]) >= 12, Patience), "three of four keep finalizing");
        cluster.AssertSafety();

        // Node 3 proposes round 0 of every height h with h % 4 == 3: those blocks came from round 1.
        var chain = cluster.Nodes[0].Chain;
        var skipped = Enumerable.Range(1, 12).Select(h => chain.Store.GetBlock((ulong)h)!).Where(b => b.Height % 4 == 3).ToList();
        Assert.NotEmpty(skipped);
        Assert.All(skipped, b => Assert.Equal(1UL, b.Header.Slot));
        Assert.All(skipped, b => Assert.Equal(cluster.Keys[0].PublicKey, b.Header.ProducerKey));

        // Back online, it catches up from certificates and takes part again.
        cluster.Sim.Restart(3);
        var target = cluster.MaxHeight() + 3;
        Assert.True(cluster.RunUntil(() => cluster.MinHeight() >= target, Patience), "the restarted node caught up");
        cluster.AssertSafety();
    }

    [Fact]
    public void With_a_1_3_partition_the_majority_finalizes_the_minority_does_not_and_all_agree_after_healing()
    {
        var cluster = new BftCluster(4, seed: 3);
        cluster.Start();
        Assert.True(cluster.RunUntil(() => cluster.MinHeight() >= 2, Patience));
        cluster.Sim.Partition([0], [1, 2, 3]);
        var isolatedAt = cluster.Nodes[0].Chain.Head.Height;
        Assert.True(cluster.RunUntil(() => cluster.MinHeight([1, 2, 3]) >= isolatedAt + 8, Patience), "the majority kept finalizing");
        Assert.True(cluster.Nodes[0].Chain.Head.Height <= isolatedAt + 1, "the isolated node finalized nothing new on its own");

        cluster.Sim.Heal();
        var target = cluster.MaxHeight() + 2;
        Assert.True(cluster.RunUntil(() => cluster.MinHeight() >= target, Patience), "everyone agrees after healing");
        cluster.AssertSafety();
    }

    [Fact]
    public void With_a_2_2_partition_nobody_finalizes_and_progress_resumes_after_healing()
    {
        var cluster = new BftCluster(4, seed: 4);
        cluster.Start();
        Assert.True(cluster.RunUntil(() => cluster.MinHeight() >= 2, Patience));
        cluster.Sim.Partition([0, 1], [2, 3]);
        cluster.Sim.RunFor(TimeSpan.FromSeconds(2));
        var stalledAt = cluster.MaxHeight();
        cluster.Sim.RunFor(TimeSpan.FromSeconds(30));
        Assert.Equal(stalledAt, cluster.MaxHeight());
        cluster.AssertSafety();

        cluster.Sim.Heal();
        Assert.True(cluster.RunUntil(() => cluster.MinHeight() >= stalledAt + 3, Patience), "progress resumed after healing");
        cluster.AssertSafety();
    }

    [Fact]
    public void Seeded_runs_with_delays_drops_partitions_and_crashes_never_finalize_conflicting_blocks()
    {
        var seeds = int.TryParse(Environment.GetEnvironmentVariable("ENERGYCHAIN_SIM_SEEDS"), out var n) ? n : 200;
        for (var seed = 1000; seed < 1000 + seeds; seed++)
        {
            RunChaos(seed);
        }
    }

    [Fact]
    public void A_seed_replays_exactly()
    {
        // Replay needs deterministic signatures: both backends sign with RFC 6979 nonces, byte for byte alike.
        var first = RunChaos(77);
        var second = RunChaos(77);
        Assert.Equal(first.Sim.Fingerprint, second.Sim.Fingerprint);
        Assert.Equal(first.Nodes[0].Chain.Head.Hash, second.Nodes[0].Chain.Head.Hash);
    }

    /// <summary>
    /// A short chaotic run: random delays and 5 % drops, one random partition or crash for a while, then healing.
    /// Checks safety throughout, then liveness, that every acknowledged transaction is committed, and that the
    /// total of all balances is unchanged (fees move between accounts; nothing is minted or slashed here).
    /// </summary>
    private static BftCluster RunChaos(int seed)
    {
        var random = new Random(seed);
        var cluster = new BftCluster(4, seed, new NetworkConditions { MinDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(random.Next(5, 150)), DropPpm = 50_000 });
        cluster.Start();
        var acknowledged = new List<Transaction>();
        for (var i = 0; i < 6; i++)
        {
            var tx = Transfer(cluster, i % 4, (ulong)(i / 4));
            if (cluster.Nodes[random.Next(4)].Submit(tx).Accepted)
            {
                acknowledged.Add(tx);
            }
        }

        cluster.Sim.RunFor(TimeSpan.FromMilliseconds(random.Next(0, 3000)));
        var fault = random.Next(3);
        var victim = random.Next(4);
        switch (fault)
        {
            case 0:
                cluster.Sim.Partition([victim], [.. Enumerable.Range(0, 4).Where(i => i != victim)]);
                break;
            case 1:
                var pair = new[] { victim, (victim + 1) % 4 };
                cluster.Sim.Partition(pair, [.. Enumerable.Range(0, 4).Except(pair)]);
                break;
            default:
                cluster.Sim.Crash(victim);
                break;
        }

        cluster.Sim.RunFor(TimeSpan.FromMilliseconds(random.Next(1000, 8000)));
        cluster.AssertSafety();
        cluster.Sim.Heal();
        if (!cluster.Sim.IsRunning(victim))
        {
            cluster.Sim.Restart(victim);
        }

        // Without drops after healing, everyone converges.
        cluster.Sim.Conditions = cluster.Sim.Conditions with { DropPpm = 0 };
        var target = cluster.MaxHeight() + 2;
        Assert.True(cluster.RunUntil(() => cluster.MinHeight() >= target, Patience), $"seed {seed}: no progress after healing (heights {string.Join(',', cluster.Nodes.Select(x => x.Chain.Head.Height))})");
        Assert.True(cluster.RunUntil(() => acknowledged.All(tx => cluster.Nodes.All(x => x.Chain.Store.GetTxLocation(tx.Hash) is not null)), Patience), $"seed {seed}: acknowledged transactions not committed everywhere");
        cluster.AssertSafety();
        foreach (var node in cluster.Nodes)
        {
            var total = cluster.Users.Select(u => node.Chain.GetAccount(u.Address).Balance).Aggregate(0UL, (a, b) => a + b)
                + cluster.Keys.Select(k => node.Chain.GetAccount(k.Address).Balance).Aggregate(0UL, (a, b) => a + b);
            Assert.Equal(BftCluster.InitialBalance * (ulong)cluster.Users.Length, total);
        }

        return cluster;
    }

    private static Transaction Transfer(BftCluster cluster, int from, ulong nonce) =>
        Transaction.Create(BftCluster.ChainId, cluster.Users[from], nonce, 1, new TransferPayload(cluster.Users[(from + 1) % cluster.Users.Length].Address, 10));
}
