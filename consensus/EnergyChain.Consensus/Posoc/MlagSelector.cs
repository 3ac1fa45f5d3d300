using System.Buffers.Binary;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Selection;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// PoSOC mLAG election (eq. 4.17-4.18): the shared <see cref="WeightedRandomSelection"/> over the members' 24-hour
/// scores as they stood when the round opened (<see cref="RoundElection"/>), with a seed fixed for the round, so one
/// mLAG serves (proposes and aggregates) the whole round. A later round of a height draws again without the earlier
/// rounds' producers and without members excluded by slashing (eq. 3.24, shared with the other engines); if that
/// leaves nobody the exclusions are forgotten. Before the first round opens every member weighs 0 (uniform draw).
/// </summary>
public sealed class MlagSelector : IRoundLeaderSelector, IProofScoreSource
{
    private readonly PublicKey[] _members;

    public MlagSelector(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        _members = [.. genesis.Members.Select(m => m.PublicKey).OrderBy(k => k.ToString(), StringComparer.Ordinal)];
        MemberSet = [.. _members.Select(m => m.Address)];
    }

    /// <summary>The genesis members in canonical order (ascending public key text).</summary>
    public IReadOnlyList<PublicKey> Members => _members;

    public HashSet<Address> MemberSet { get; }

    public PublicKey ProducerFor(Hash256 parentHash, ulong height, ulong round, IChainState parentState) =>
        ProducersUpTo(parentHash, height, round, parentState)[^1];

    public IReadOnlyList<PublicKey> ProducersUpTo(Hash256 parentHash, ulong height, ulong round, IChainState parentState)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(round, WeightedLeaderSelector.MaxRound);
        var election = PosocLedger.Election(parentState);
        var weights = WeightsOf(election);
        var seedBase = SeedBase(election);
        var eligible = new bool[_members.Length];
        for (var i = 0; i < eligible.Length; i++)
        {
            eligible[i] = parentState.GetAccount(_members[i].Address).ExcludedUntilHeight <= height;
        }

        var producers = new List<PublicKey>((int)round + 1);
        for (uint r = 0; r <= round; r++)
        {
            if (!eligible.Contains(true))
            {
                Array.Fill(eligible, true);
            }

            var drawn = WeightedRandomSelection.Draw(weights, eligible, Seed(seedBase, r));
            producers.Add(_members[drawn]);
            eligible[drawn] = false;
        }

        return producers;
    }

    /// <summary>The elected mLAG of a round (round 0's draw, before exclusions): it aggregates and collects the fees.</summary>
    public PublicKey MlagOf(RoundElection? election) =>
        _members[WeightedRandomSelection.Draw(WeightsOf(election), [], Seed(SeedBase(election), 0))];

    /// <summary>Each member's election weight in the round the parent state is in.</summary>
    public IReadOnlyList<(PublicKey Member, ulong Weight)> WeightsAt(ulong height, IChainState parentState)
    {
        var weights = WeightsOf(PosocLedger.Election(parentState));
        return [.. _members.Select((m, i) => (m, weights[i]))];
    }

    private ulong[] WeightsOf(RoundElection? election) =>
        election is { } e && e.Weights.Length == _members.Length ? e.Weights : new ulong[_members.Length];

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
