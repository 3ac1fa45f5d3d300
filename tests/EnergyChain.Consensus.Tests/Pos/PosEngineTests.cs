using EnergyChain.Consensus.Pos;
using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Pos;

public sealed class PosEngineTests
{
    [Fact]
    public void An_offline_elected_proposer_is_slashed_and_excluded_on_every_node_and_the_chain_goes_on()
    {
        var cluster = new BftCluster(4, seed: 11, stakeWeighted: true);
        cluster.Start();
        cluster.Sim.Crash(2);
        var offline = cluster.Keys[2].PublicKey;
        var live = new[] { 0, 1, 3 };
        Assert.True(cluster.RunUntil(() => cluster.MinHeight(live) >= 20, TimeSpan.FromMinutes(2)), "three of four keep finalizing");
        cluster.AssertSafety();

        var chain = cluster.Nodes[0].Chain;
        Assert.Contains(Enumerable.Range(1, 20), h => chain.Store.GetBlock((ulong)h)!.Header.Slot > 0);

        var height = cluster.MinHeight(live);
        var roots = live.Select(i => cluster.Nodes[i].Chain.Store.GetBlock(height)!.Header.StateRoot).Distinct().ToList();
        Assert.Single(roots);
        foreach (var i in live)
        {
            var account = cluster.Nodes[i].Chain.GetAccount(offline.Address);
            Assert.True(account.SlashedTotal > 0, $"node {i} did not slash the offline proposer");
            Assert.True(account.Stake < BftCluster.MemberStake);
            Assert.True(account.LastSlashedHeight > 0);
        }

        // Nobody online was slashed.
        foreach (var member in live)
        {
            Assert.Equal(0UL, chain.GetAccount(cluster.Keys[member].PublicKey.Address).SlashedTotal);
        }
    }

    [Fact]
    public void Proposer_draws_follow_the_stakes_and_never_repeat_within_a_height()
    {
        var cluster = new BftCluster(4, seed: 12, stakeWeighted: true);
        var state = cluster.Nodes[0].Chain;
        var engine = new PosEngine(cluster.Genesis);
        var counts = new Dictionary<PublicKey, int>();
        for (ulong h = 1; h <= 4_000; h++)
        {
            var proposers = engine.Leaders.ProducersUpTo(Hash256.Compute(BitConverter.GetBytes(h)), h, 3, state);
            Assert.Equal(4, proposers.Distinct().Count());
            counts[proposers[0]] = counts.GetValueOrDefault(proposers[0]) + 1;
        }

        // Equal stakes: each member leads about a quarter of the heights (4,000 draws; 3 sigma is about 82).
        Assert.All(counts.Values, c => Assert.InRange(c, 1_000 - 150, 1_000 + 150));
    }

    [Fact]
    public void A_proposer_that_double_signs_is_reported_in_a_block_and_slashed_on_every_node()
    {
        var cluster = new BftCluster(4, seed: 13, stakeWeighted: true);
        cluster.Nodes[1].Equivocates = true;
        var offender = cluster.Keys[1].PublicKey.Address;
        var reports = new List<string>();
        foreach (var node in cluster.Nodes)
        {
            node.Application.EvidenceSubmitted += (tx, admission) => reports.Add(admission.ToString());
        }

        cluster.Start();
        Assert.True(
            cluster.RunUntil(() => cluster.Nodes.All(n => n.Chain.GetAccount(offender).SlashedTotal > 0), TimeSpan.FromMinutes(2)),
            $"every node slashed the equivocating proposer; height {cluster.MinHeight()}, evidence reports: {string.Join("; ", reports)}");
        cluster.AssertSafety();

        var chain = cluster.Nodes[0].Chain;
        var evidence = Enumerable.Range(1, (int)chain.Head.Height)
            .SelectMany(h => chain.Store.GetBlock((ulong)h)!.Transactions)
            .Where(tx => tx.Payload is EvidencePayload)
            .ToList();
        Assert.NotEmpty(evidence);
        var proof = (EvidencePayload)evidence[0].Payload;
        Assert.Equal(cluster.Keys[1].PublicKey, proof.First.ProducerKey);
        Assert.Equal(proof.First.Height, proof.Second.Height);
        Assert.Equal(proof.First.Slot, proof.Second.Slot);
        Assert.NotEqual(proof.First.Hash, proof.Second.Hash);

        // The chain went on, with the same state everywhere, and only the offender lost stake.
        var slashedAt = cluster.MaxHeight();
        Assert.True(cluster.RunUntil(() => cluster.MinHeight() >= slashedAt + 3, TimeSpan.FromMinutes(1)), "the chain continues");
        var height = cluster.MinHeight();
        Assert.Single(cluster.Nodes.Select(n => n.Chain.Store.GetBlock(height)!.Header.StateRoot).Distinct());
        foreach (var member in new[] { 0, 2, 3 })
        {
            Assert.Equal(0UL, chain.GetAccount(cluster.Keys[member].PublicKey.Address).SlashedTotal);
        }
    }

    [Fact]
    public void An_elected_proposer_whose_block_is_invalid_loses_its_slot_and_is_slashed_on_every_node()
    {
        // Eq. 3.24 treats a miner that does not deliver a valid block like one that refuses: the others refuse the
        // invalid proposal, the round passes to the next draw, and that block's header names the offender's round
        // as missed, which every validator turns into the same slash.
        var cluster = new BftCluster(4, seed: 15, stakeWeighted: true);
        cluster.Nodes[3].ProposesInvalidBlocks = true;
        var offender = cluster.Keys[3].PublicKey.Address;
        cluster.Start();
        Assert.True(
            cluster.RunUntil(() => cluster.Nodes.All(n => n.Chain.GetAccount(offender).SlashedTotal > 0), TimeSpan.FromMinutes(2)),
            $"every node slashed the proposer of invalid blocks; height {cluster.MinHeight()}");
        cluster.AssertSafety();

        var slashedAt = cluster.MaxHeight();
        Assert.True(cluster.RunUntil(() => cluster.MinHeight() >= slashedAt + 3, TimeSpan.FromMinutes(1)), "the chain continues");
        var height = cluster.MinHeight();
        Assert.Single(cluster.Nodes.Select(n => n.Chain.Store.GetBlock(height)!.Header.StateRoot).Distinct());

        // Nobody is offline, so the rounds that failed failed on the invalid proposals, and none of them was committed.
        var chain = cluster.Nodes[0].Chain;
        Assert.Contains(Enumerable.Range(1, (int)height), h => chain.Store.GetBlock((ulong)h)!.Header.Slot > 0);
        Assert.All(Enumerable.Range(1, (int)height), h => Assert.NotEqual(cluster.Keys[3].PublicKey, chain.Store.GetBlock((ulong)h)!.Header.ProducerKey));
        foreach (var member in new[] { 0, 1, 2 })
        {
            Assert.Equal(0UL, chain.GetAccount(cluster.Keys[member].PublicKey.Address).SlashedTotal);
        }
    }

    [Fact]
    public void Honest_members_never_send_a_message_the_others_refuse()
    {
        // Rebroadcasts often and waits long after each commit, so that old-height proposals arrive while a member
        // has committed the height but not started the next: they must be ignored, not refused (a refusal costs
        // the honest sender peer score, and enough of them get it banned).
        var options = new global::EnergyChain.Consensus.Bft.ReplicaOptions
        {
            ProposeTimeout = TimeSpan.FromMilliseconds(600),
            PrevoteTimeout = TimeSpan.FromMilliseconds(300),
            PrecommitTimeout = TimeSpan.FromMilliseconds(300),
            CommitDelay = TimeSpan.FromMilliseconds(400),
            RebroadcastInterval = TimeSpan.FromMilliseconds(50),
        };
        var cluster = new BftCluster(4, seed: 14, options: options, stakeWeighted: true);
        cluster.Start();
        Assert.True(cluster.RunUntil(() => cluster.MinHeight() >= 30, TimeSpan.FromMinutes(2)), "the cluster finalizes 30 blocks");
        Assert.All(cluster.Nodes, n => Assert.Equal(0, n.Replica!.InvalidMessages));
    }
}
