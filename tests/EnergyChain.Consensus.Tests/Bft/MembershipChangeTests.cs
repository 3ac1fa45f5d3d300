using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Membership;
using EnergyChain.Core.Transactions;
using EnergyChain.TestKit.Cluster;

namespace EnergyChain.Consensus.Tests.Bft;

/// <summary>
/// The member set changing under faults (issue 23): pos replicas in the seeded cluster go through two joins (new
/// nodes added at run time, synced from certificates), a leave and an eviction, each vote phase under a random
/// partition or crash. After every block: no two final blocks at one height, every node reads the same member set
/// for each height; after healing: liveness, the expected final set, and no certificate carries a vote of a key
/// that was no member at its height.
/// </summary>
public sealed class MembershipChangeTests
{
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(2);

    [Fact]
    public void Seeded_runs_with_joins_leaves_and_evictions_under_partitions_and_crashes_keep_safety_and_one_member_set()
    {
        // A run costs about 0.2 s: CI keeps the default; ENERGYCHAIN_SIM_SEEDS (the chaos test's count) runs a tenth as many.
        var seeds = int.TryParse(Environment.GetEnvironmentVariable("ENERGYCHAIN_SIM_SEEDS"), out var n) ? Math.Max(1, n / 10) : 16;
        for (var seed = 5000; seed < 5000 + seeds; seed++)
        {
            RunMembershipChaos(seed);
        }
    }

    [Fact]
    public void A_node_outside_the_validator_set_follows_the_chain_without_signing()
    {
        var cluster = new BftCluster(4, seed: 41, engine: "pos", memberStake: 0, joiners: 1);
        cluster.Start();
        Assert.True(cluster.RunUntil(() => cluster.MinHeight() >= 3, StepLimit));
        var outsider = cluster.AddNode(cluster.Joiners[0]);
        var target = cluster.MaxHeight() + 4;
        Assert.True(cluster.RunUntil(() => cluster.MinHeight() >= target, StepLimit), "the outsider caught up and the members kept finalizing");
        cluster.AssertSafety();
        var chain = cluster.Nodes[outsider].Chain;
        for (ulong h = 1; h <= chain.Head.Height; h++)
        {
            var certificate = cluster.Nodes[0].Application.GetCommitted(h)!.Value.Certificate;
            Assert.DoesNotContain(certificate.Precommits, v => v.Voter.Equals(cluster.Joiners[0].PublicKey));
        }

        // Had it voted, the members would have refused its votes as from a non-validator.
        Assert.All(cluster.Nodes, x => Assert.Equal(0, x.Replica!.InvalidMessages));
    }

    private static void RunMembershipChaos(int seed)
    {
        var reproduce = $"seed {seed} (reproduce: dotnet test tests/EnergyChain.Consensus.Tests --filter MembershipChangeTests; the run starts at seed 5000)";
        var random = new Random(seed);
        var cluster = new BftCluster(
            4, seed, new NetworkConditions { MinDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(random.Next(5, 80)), DropPpm = 20_000 },
            engine: "pos", memberStake: 0, joiners: 2);
        cluster.Start();
        cluster.Sim.RunFor(TimeSpan.FromMilliseconds(random.Next(0, 2000)));
        var expected = cluster.Keys.Select(k => k.PublicKey).ToHashSet();

        // Two joins: a fresh node starts, asks to join with its deposit, the members approve.
        foreach (var joiner in cluster.Joiners)
        {
            var id = cluster.AddNode(joiner);
            SubmitEverywhere(cluster, Tx(cluster, joiner, new MemberJoinPayload($"joiner{id}", null, MemberRole.Household, "feeder-1", 1_000_000)));
            AwaitProposal(cluster, joiner.Address, reproduce);
            UnderFault(cluster, random, () => Vote(cluster, joiner.Address, approve: true));
            expected.Add(joiner.PublicKey);
            AwaitMembers(cluster, expected, reproduce);
        }

        // One genesis member leaves; another is evicted by the others.
        var originals = Enumerable.Range(0, 4).OrderBy(_ => random.Next()).ToArray();
        var leaver = cluster.Keys[originals[0]];
        UnderFault(cluster, random, () => SubmitEverywhere(cluster, Tx(cluster, leaver, new MemberLeavePayload())));
        expected.Remove(leaver.PublicKey);
        AwaitMembers(cluster, expected, reproduce);

        var evicted = cluster.Keys[originals[1]];
        var accuser = cluster.Keys[originals[2]];
        SubmitEverywhere(cluster, Tx(cluster, accuser, new MemberEvictPayload(evicted.Address, "offline meter")));
        AwaitProposal(cluster, evicted.Address, reproduce);
        UnderFault(cluster, random, () => Vote(cluster, evicted.Address, approve: true, except: accuser.Address));
        expected.Remove(evicted.PublicKey);
        AwaitMembers(cluster, expected, reproduce);

        // Liveness after healing: every node, members and former members alike, follows the chain.
        cluster.Sim.Conditions = cluster.Sim.Conditions with { DropPpm = 0 };
        var target = cluster.MaxHeight() + 3;
        Assert.True(cluster.RunUntil(() => cluster.MinHeight() >= target, StepLimit), $"{reproduce}: no progress after healing (heights {string.Join(',', cluster.Nodes.Select(x => x.Chain.Head.Height))})");
        cluster.AssertSafety();
        Assert.Equal(4, expected.Count);

        // Who signed and who produced: only members of each height.
        var reference = cluster.Nodes.MaxBy(x => x.Chain.Head.Height)!;
        for (ulong h = 1; h <= cluster.MinHeight(); h++)
        {
            var members = cluster.MemberSets[h].Single().Split(',').ToHashSet();
            var (block, certificate) = reference.Application.GetCommitted(h)!.Value;
            Assert.True(members.Contains(block.Header.ProducerKey!.ToString()), $"{reproduce}: block {h} was produced by a non-member");
            Assert.All(certificate.Precommits, v => Assert.True(members.Contains(v.Voter.ToString()), $"{reproduce}: a non-member precommitted block {h}"));
        }
    }

    /// <summary>Runs <paramref name="action"/> inside a random fault (a node cut off, a node crashed, the network split in two, or none), then heals.</summary>
    private static void UnderFault(BftCluster cluster, Random random, Action action)
    {
        var count = cluster.Nodes.Length;
        var victim = random.Next(count);
        switch (random.Next(4))
        {
            case 0:
                cluster.Sim.Partition([victim], [.. Enumerable.Range(0, count).Where(i => i != victim)]);
                break;
            case 1:
                cluster.Sim.Crash(victim);
                break;
            case 2:
                var half = Enumerable.Range(0, count).OrderBy(_ => random.Next()).Take(count / 2).ToArray();
                cluster.Sim.Partition(half, [.. Enumerable.Range(0, count).Except(half)]);
                break;
        }

        action();
        cluster.Sim.RunFor(TimeSpan.FromMilliseconds(random.Next(500, 4000)));
        cluster.AssertSafety();
        cluster.Sim.Heal();
        if (!cluster.Sim.IsRunning(victim))
        {
            cluster.Sim.Restart(victim);
        }
    }

    /// <summary>Every current member (by the most advanced node's state) votes on the open proposal about <paramref name="subject"/>.</summary>
    private static void Vote(BftCluster cluster, Address subject, bool approve, Address? except = null)
    {
        var chain = Reference(cluster);
        foreach (var member in MembershipState.MembersAt(chain, chain.Head.Height + 1).Where(m => m.Address != subject && m.Address != except))
        {
            var key = cluster.Keys.Single(k => k.PublicKey.Equals(member.NodeKey));
            SubmitEverywhere(cluster, Tx(cluster, key, new MemberVotePayload(subject, approve)));
        }
    }

    // Every node's pool takes it, crashed or cut off ones too: the gossip reaches them once they are back.
    private static void SubmitEverywhere(BftCluster cluster, Transaction tx)
    {
        foreach (var node in cluster.Nodes)
        {
            node.Pool.Add(tx);
        }
    }

    // The fee grows with the height: a vote that came after its proposal was decided never executes and the pool keeps
    // it (TxPool drops stale engine transactions, not stale membership ones), so the member's next transaction has
    // to replace it at the same nonce with a higher fee.
    private static Transaction Tx(BftCluster cluster, PrivateKey key, TxPayload payload) =>
        Transaction.Create(BftCluster.ChainId, key, Reference(cluster).GetAccount(key.Address).Nonce, 1 + cluster.MaxHeight(), payload);

    private static Blockchain Reference(BftCluster cluster) => cluster.Nodes.MaxBy(x => x.Chain.Head.Height)!.Chain;

    private static void AwaitProposal(BftCluster cluster, Address subject, string reproduce) =>
        Assert.True(
            cluster.RunUntil(() => MembershipState.Read(Reference(cluster)).ProposalFor(subject) is not null, StepLimit),
            $"{reproduce}: the proposal about {subject} never opened");

    /// <summary>Runs until every node reads <paramref name="expected"/> as the set of its next block; checks safety on the way.</summary>
    private static void AwaitMembers(BftCluster cluster, HashSet<PublicKey> expected, string reproduce)
    {
        var reached = cluster.RunUntil(
            () => cluster.Nodes.All(x => MembershipState.MembersAt(x.Chain, x.Chain.Head.Height + 1).Select(m => m.NodeKey).ToHashSet().SetEquals(expected)),
            StepLimit);
        cluster.AssertSafety();
        Assert.True(reached, $"{reproduce}: the member set did not become {expected.Count} members (heights {string.Join(',', cluster.Nodes.Select(x => x.Chain.Head.Height))})");
    }
}
