using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Consensus.Pos;
using EnergyChain.Consensus.Posoc;
using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Membership;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Engine;

/// <summary>
/// Each voting engine, run through its module as a node runs it, takes its members from chain state per height: a
/// household or EV that joins is elected and produces blocks once its membership takes effect, and one that leaves is
/// neither elected nor counted among the voters from its effective height on.
/// </summary>
public sealed class EngineMembershipTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData("pos", "{}")]
    [InlineData("poeg", """{"marketSlotBlocks":4}""")]
    [InlineData("posoc", """{"hourBlocks":1,"roundHours":1}""")]
    public void A_joined_member_produces_blocks_and_a_departed_one_is_neither_elected_nor_voting(string engine, string parameters)
    {
        var registry = new EngineRegistry().Register(new PosModule()).Register(new PoegModule()).Register(new PosocModule());
        using var cluster = new ModuleCluster(registry, engine, nodes: 4, seed: 23, joiners: 1, engineParameters: parameters);
        cluster.Sim.Start();
        Assert.True(cluster.Sim.RunUntil(() => cluster.MinHeight >= 2, Limit));

        // A fresh node joins: it asks with its deposit, the four members approve.
        var joiner = cluster.Joiners[0];
        var joinerId = cluster.AddNode(joiner);
        SubmitEverywhere(cluster, Transaction.Create(ModuleCluster.ChainId, joiner, 0, 1, new MemberJoinPayload("newcomer", null, engine == "posoc" ? MemberRole.Ev : MemberRole.Household, "feeder-2", 1_000_000)));
        var chain = cluster.Nodes[0].Chain;
        Assert.True(cluster.Sim.RunUntil(() => MembershipState.Read(chain).ProposalFor(joiner.Address) is not null, Limit), "the join request was included");
        foreach (var member in cluster.Keys.Take(4))
        {
            SubmitEverywhere(cluster, Transaction.Create(ModuleCluster.ChainId, member, 0, 1, new MemberVotePayload(joiner.Address, true)));
        }

        Assert.True(cluster.Sim.RunUntil(() => IsMember(chain, joiner.PublicKey), Limit), "the join took effect");
        var joinedFrom = chain.Head.Height + 1;
        Assert.True(
            cluster.Sim.RunUntil(() => chain.Head.Height >= joinedFrom && ProducedBy(chain, joinedFrom, joiner.PublicKey), Limit),
            $"{engine}: the joined member was never elected to produce a block");
        Assert.True(cluster.Sim.RunUntil(() => cluster.Nodes[joinerId].Chain.Head.Height >= joinedFrom, Limit), "the joined node synced");

        // A genesis member leaves; from the height its leave takes effect it neither produces nor votes.
        var leaver = cluster.Keys[0];
        var observer = cluster.Nodes[1];
        SubmitEverywhere(cluster, Transaction.Create(ModuleCluster.ChainId, leaver, 1, 1, new MemberLeavePayload()));
        Assert.True(cluster.Sim.RunUntil(() => MembershipState.Read(observer.Chain).Pending.Count > 0, Limit), "the leave was included");
        var effective = MembershipState.Read(observer.Chain).Pending[0].EffectiveHeight;
        Assert.True(cluster.Sim.RunUntil(() => observer.Chain.Head.Height >= effective + 20, Limit), $"{engine}: the chain went on after the leave");
        for (var h = effective; h <= observer.Chain.Head.Height; h++)
        {
            var (block, certificate) = observer.EngineNode!.GetCommitted(h)!.Value;
            Assert.NotEqual(leaver.PublicKey, block.Header.ProducerKey);
            Assert.DoesNotContain(certificate.Precommits, v => v.Voter.Equals(leaver.PublicKey));
        }

        Assert.False(IsMember(observer.Chain, leaver.PublicKey));
    }

    private static bool IsMember(Core.Chain.Blockchain chain, PublicKey key) =>
        MembershipState.MembersAt(chain, chain.Head.Height + 1).Any(m => m.NodeKey.Equals(key));

    private static bool ProducedBy(Core.Chain.Blockchain chain, ulong from, PublicKey key)
    {
        for (var h = from; h <= chain.Head.Height; h++)
        {
            if (key.Equals(chain.Store.GetBlock(h)!.Header.ProducerKey))
            {
                return true;
            }
        }

        return false;
    }

    private static void SubmitEverywhere(ModuleCluster cluster, Transaction tx)
    {
        foreach (var node in cluster.Nodes)
        {
            node.Pool.Add(tx);
        }
    }
}
