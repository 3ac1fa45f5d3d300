using System.Buffers.Binary;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Selection;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Membership;
using EnergyChain.Core.State;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// PoEG miner election (Algorithm 2, eq. 3.16 and 3.24). The candidates are the coalitions of the last settled
/// market slot, each weighted by its proof score PS_S (eq. 3.5); members that did not take part in that slot are
/// singleton candidates of weight 0, so they are reachable only as the last fallback. The drawn coalition's sealer
/// is its member with the highest proof score PS_Si (ties: the smaller public key), skipping members excluded by
/// slashing. The draw is the shared <see cref="WeightedRandomSelection"/> with a seed fixed for the whole market
/// slot (tag <c>"EnergyChain/poeg-miner/v1"</c> over the settlement's hash, the slot and the round), so one
/// coalition mines the slot, as in the thesis. A later round removes the coalitions of the earlier rounds' sealers
/// (eq. 3.24: the offender's coalition is removed and the draw repeats over the rest); if that leaves nobody, the
/// exclusions are forgotten rather than stalling the chain.
/// </summary>
public sealed class CoalitionLeaderSelector : IRoundLeaderSelector, IProofScoreSource
{
    private readonly PoegParameters _parameters;
    private readonly Lock _cacheLock = new();
    private (Hash256 Key, Candidates Value)? _cache;

    public CoalitionLeaderSelector(PoegParameters parameters)
    {
        _parameters = parameters;
    }

    public PublicKey ProducerFor(Hash256 parentHash, ulong height, ulong round, IChainState parentState) =>
        ProducersUpTo(parentHash, height, round, parentState)[^1];

    public IReadOnlyList<PublicKey> ProducersUpTo(Hash256 parentHash, ulong height, ulong round, IChainState parentState)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(round, WeightedLeaderSelector.MaxRound);
        var members = Keys(MembershipState.MembersAt(parentState, height));
        var candidates = CandidatesAt(parentState, members);
        var memberEligible = new bool[members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            memberEligible[i] = parentState.GetAccount(members[i].Address).ExcludedUntilHeight <= height;
        }

        var groupEligible = new bool[candidates.Groups.Length];
        var producers = new List<PublicKey>((int)round + 1);
        for (uint r = 0; r <= round; r++)
        {
            for (var g = 0; g < groupEligible.Length; g++)
            {
                groupEligible[g] = r == 0 || groupEligible[g];
            }

            for (var g = 0; g < groupEligible.Length; g++)
            {
                groupEligible[g] &= candidates.Groups[g].Any(m => memberEligible[m]);
            }

            if (!groupEligible.Contains(true))
            {
                // Exclusions and earlier offenders leave nobody: forget them rather than stall.
                Array.Fill(groupEligible, true);
                Array.Fill(memberEligible, true);
            }

            var drawn = WeightedRandomSelection.Draw(candidates.Weights, groupEligible, Seed(candidates.SeedBase, r));
            var sealer = SealerOf(candidates, drawn, memberEligible);
            producers.Add(members[sealer]);
            groupEligible[drawn] = false;
        }

        return producers;
    }

    /// <summary>
    /// The miner coalition of the settled slot: the coalition index (into the outcome's coalitions) of round 0's
    /// draw over <paramref name="members"/> (the member set of the block that asks), or -1 when round 0 drew a member
    /// that did not take part. It receives the slot's mining reward. Members that did not take part only weigh 0, so
    /// the set matters only when no coalition scored: a change between a slot's clearing and its delivery cannot move
    /// a reward that exists.
    /// </summary>
    public int WinningCoalition(MarketSettlement settlement, IReadOnlyList<MemberRecord> members)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        var candidates = Build(settlement, Hash256.Compute(settlement.Encode()), Keys(members));
        var drawn = WeightedRandomSelection.Draw(candidates.Weights, [], Seed(candidates.SeedBase, 0));
        return candidates.CoalitionOf[drawn];
    }

    /// <summary>The winning coalition drawn over the members of the block after <paramref name="chain"/>'s head (read models, tests).</summary>
    public int WinningCoalition(MarketSettlement settlement, IChainState chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return WinningCoalition(settlement, MembershipState.MembersAt(chain, chain.Head.Height + 1));
    }

    /// <summary>Each member's proof score PS_Si in the last settled slot (0 for members that did not take part).</summary>
    public IReadOnlyList<(PublicKey Member, ulong Weight)> WeightsAt(ulong height, IChainState parentState)
    {
        var members = Keys(MembershipState.MembersAt(parentState, height));
        var candidates = CandidatesAt(parentState, members);
        return [.. members.Select((m, i) => (m, candidates.MemberScores[i]))];
    }

    private static PublicKey[] Keys(IReadOnlyList<MemberRecord> members) => [.. members.Select(m => m.NodeKey)];

    private static Hash256 Seed(Hash256 seedBase, uint round)
    {
        Span<byte> data = stackalloc byte[32 + 4];
        seedBase.CopyTo(data);
        BinaryPrimitives.WriteUInt32BigEndian(data[32..], round);
        return Hash256.ComputeTagged("EnergyChain/poeg-miner/v1"u8, data);
    }

    private static int SealerOf(Candidates candidates, int group, bool[] memberEligible)
    {
        var best = -1;
        foreach (var member in candidates.Groups[group])
        {
            // Members are listed in canonical order, so a strict comparison keeps the smaller key on ties.
            if (memberEligible[member] && (best < 0 || candidates.MemberScores[member] > candidates.MemberScores[best]))
            {
                best = member;
            }
        }

        return best >= 0 ? best : candidates.Groups[group][0];
    }

    private Candidates CandidatesAt(IStateReader parentState, PublicKey[] members)
    {
        var bytes = EngineRecords.Read(parentState, PoegLedger.MarketKey);
        var settlementHash = bytes is null ? Hash256.Zero : Hash256.Compute(bytes);

        // The candidates depend on the settlement and on the member set, which changes at its own heights.
        var key = Hash256.Compute([.. settlementHash.ToArray(), .. members.SelectMany(m => m.Span.ToArray())]);
        lock (_cacheLock)
        {
            if (_cache is { } cached && cached.Key == key)
            {
                return cached.Value;
            }
        }

        var built = Build(bytes is null ? null : MarketSettlement.Decode(bytes), settlementHash, members);
        lock (_cacheLock)
        {
            _cache = (key, built);
        }

        return built;
    }

    private static Candidates Build(MarketSettlement? settlement, Hash256 settlementHash, PublicKey[] members)
    {
        var memberIndex = new Dictionary<Address, int>(members.Length);
        for (var i = 0; i < members.Length; i++)
        {
            memberIndex[members[i].Address] = i;
        }

        var memberScores = new ulong[members.Length];
        var covered = new bool[members.Length];
        var groups = new List<(int[] Members, ulong Weight, int Coalition)>();
        if (settlement is not null)
        {
            var outcome = settlement.Outcome;
            for (var c = 0; c < outcome.Coalitions.Count; c++)
            {
                var inCoalition = new List<int>();
                foreach (var participant in outcome.Coalitions[c].Members)
                {
                    if (memberIndex.TryGetValue(settlement.Participants[participant].Address, out var member) && !covered[member])
                    {
                        covered[member] = true;
                        memberScores[member] = (ulong)Math.Max(0, outcome.Members[participant].Score);
                        inCoalition.Add(member);
                    }
                }

                if (inCoalition.Count > 0)
                {
                    inCoalition.Sort();
                    groups.Add(([.. inCoalition], (ulong)Math.Max(0, outcome.Coalitions[c].Score), c));
                }
            }
        }

        for (var m = 0; m < members.Length; m++)
        {
            if (!covered[m])
            {
                groups.Add(([m], 0, -1));
            }
        }

        // Canonical candidate order: by each group's first (smallest) member.
        groups.Sort((a, b) => a.Members[0].CompareTo(b.Members[0]));
        Span<byte> seedData = stackalloc byte[32 + 8];
        settlementHash.CopyTo(seedData);
        BinaryPrimitives.WriteUInt64BigEndian(seedData[32..], settlement?.Slot ?? 0);
        return new Candidates(
            [.. groups.Select(g => g.Members)],
            [.. groups.Select(g => g.Weight)],
            [.. groups.Select(g => g.Coalition)],
            memberScores,
            Hash256.Compute(seedData));
    }

    private sealed record Candidates(int[][] Groups, ulong[] Weights, int[] CoalitionOf, ulong[] MemberScores, Hash256 SeedBase);
}
