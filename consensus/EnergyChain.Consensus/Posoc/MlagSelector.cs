using System.Buffers.Binary;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Selection;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Membership;
using EnergyChain.Core.State;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// PoSOC mLAG election (eq. 4.17-4.18): the shared <see cref="WeightedRandomSelection"/> over the members' 24-hour
/// scores as they stood when the round opened (<see cref="RoundElection"/>), with a seed fixed for the round, so one
/// mLAG serves (proposes and aggregates) the whole round. The candidates are the members that govern the block, read
/// from its parent's state (<see cref="MembershipState.MembersAt"/>), each with its weight in the round's election by
/// key: a member that joined during the round weighs 0 until the next round opens (reachable as the last fallback), a
/// member that left is no candidate from its effective height. A later round of a height draws again without the
/// earlier rounds' producers and without members excluded by slashing (eq. 3.24, shared with the other engines); if
/// that leaves nobody the exclusions are forgotten. Before the first round opens every member weighs 0 (uniform draw).
/// </summary>
public sealed class MlagSelector : IRoundLeaderSelector, IProofScoreSource
{

    public PublicKey ProducerFor(Hash256 parentHash, ulong height, ulong round, IChainState parentState) =>
        ProducersUpTo(parentHash, height, round, parentState)[^1];

    public IReadOnlyList<PublicKey> ProducersUpTo(Hash256 parentHash, ulong height, ulong round, IChainState parentState)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(round, WeightedLeaderSelector.MaxRound);
        var election = PosocLedger.Election(parentState);
        var members = MembershipState.MembersAt(parentState, height);
        var weights = WeightsOf(election, members);
        var seedBase = SeedBase(election);
        var eligible = new bool[members.Count];
        for (var i = 0; i < eligible.Length; i++)
        {
            eligible[i] = parentState.GetAccount(members[i].Address).ExcludedUntilHeight <= height;
        }

        var producers = new List<PublicKey>((int)round + 1);
        for (uint r = 0; r <= round; r++)
        {
            if (!eligible.Contains(true))
            {
                Array.Fill(eligible, true);
            }

            var drawn = WeightedRandomSelection.Draw(weights, eligible, Seed(seedBase, r));
            producers.Add(members[drawn].NodeKey);
            eligible[drawn] = false;
        }

        return producers;
    }

    /// <summary>
    /// The elected mLAG of the round <paramref name="state"/> is in (round 0's draw, before exclusions): it aggregates
    /// and collects the fees. Drawn over the election's own members, so a change of the set during the round does not
    /// move it; before the first election, uniformly over the members of the block at <paramref name="height"/>.
    /// </summary>
    public static PublicKey MlagOf(IStateReader state, ulong height)
    {
        var election = PosocLedger.Election(state);
        var candidates = election is not null && election.Entries.Count > 0
            ? election.Entries
            : [.. MembershipState.MembersAt(state, height).Select(m => (m.NodeKey, 0UL))];
        var weights = candidates.Select(c => c.Weight).ToArray();
        return candidates[WeightedRandomSelection.Draw(weights, [], Seed(SeedBase(election), 0))].Member;
    }

    /// <summary>Each member's election weight in the round the parent state is in.</summary>
    public IReadOnlyList<(PublicKey Member, ulong Weight)> WeightsAt(ulong height, IChainState parentState)
    {
        var members = MembershipState.MembersAt(parentState, height);
        var weights = WeightsOf(PosocLedger.Election(parentState), members);
        return [.. members.Select((m, i) => (m.NodeKey, weights[i]))];
    }

    private static ulong[] WeightsOf(RoundElection? election, IReadOnlyList<MemberRecord> members) =>
        election is null ? new ulong[members.Count] : [.. members.Select(m => election.WeightOf(m.NodeKey))];

    private static Hash256 SeedBase(RoundElection? election)
    {
        Span<byte> data = stackalloc byte[32 + 8];
        (election?.Seed ?? Hash256.Zero).CopyTo(data);
        BinaryPrimitives.WriteUInt64BigEndian(data[32..], election?.Round ?? 0);
        return Hash256.Compute(data);
    }

    private static Hash256 Seed(Hash256 seedBase, uint round)
    {
        Span<byte> data = stackalloc byte[32 + 4];
        seedBase.CopyTo(data);
        BinaryPrimitives.WriteUInt32BigEndian(data[32..], round);
        return Hash256.ComputeTagged("EnergyChain/posoc-mlag/v1"u8, data);
    }
}
