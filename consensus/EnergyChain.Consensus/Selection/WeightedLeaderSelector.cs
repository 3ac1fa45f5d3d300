using System.Buffers.Binary;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Selection;

/// <summary>
/// Elects the producer of (height, round) by <see cref="WeightedRandomSelection"/> over the engine's proof
/// scores, the part of Algorithm 2 and eq. 3.24 that every elected engine shares:
/// <list type="bullet">
/// <item>Round 0 draws from every member not excluded by slashing at this height.</item>
/// <item>Each later round draws again without the producers of the earlier rounds: they missed their slot,
/// and the block that is finally made names them (by its round) for the slashing policy.</item>
/// <item>If exclusions leave nobody, they are forgotten rather than stalling the chain.</item>
/// </list>
/// The seed is SHA-256 tagged <c>"EnergyChain/proposer-seed/v1"</c> over <c>32 parent hash | u64 height | u32
/// round</c>: known to everyone once the parent exists, not chosen by the producer.
/// </summary>
public sealed class WeightedLeaderSelector(IProofScoreSource scores) : IRoundLeaderSelector
{
    /// <summary>Rounds beyond this are refused: a round number comes from a header, so it is bounded input.</summary>
    public const uint MaxRound = 1_000;

    public PublicKey ProducerFor(Hash256 parentHash, ulong height, ulong round, IChainState parentState) =>
        ProducersUpTo(parentHash, height, round, parentState)[^1];

    /// <summary>The elected producers of rounds 0..<paramref name="round"/> of <paramref name="height"/>, in round order.</summary>
    public IReadOnlyList<PublicKey> ProducersUpTo(Hash256 parentHash, ulong height, ulong round, IChainState parentState)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(round, MaxRound);
        var candidates = scores.WeightsAt(height, parentState);
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException("the proof-score source named no candidates");
        }

        var weights = new ulong[candidates.Count];
        var eligible = new bool[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            weights[i] = candidates[i].Weight;
            eligible[i] = parentState.GetAccount(candidates[i].Member.Address).ExcludedUntilHeight <= height;
        }

        var producers = new List<PublicKey>((int)round + 1);
        for (uint r = 0; r <= round; r++)
        {
            if (!eligible.Contains(true))
            {
                Array.Fill(eligible, true);
            }

            var drawn = WeightedRandomSelection.Draw(weights, eligible, Seed(parentHash, height, r));
            producers.Add(candidates[drawn].Member);
            eligible[drawn] = false;
        }

        return producers;
    }

    public static Hash256 Seed(Hash256 parentHash, ulong height, uint round)
    {
        Span<byte> data = stackalloc byte[32 + 8 + 4];
        parentHash.CopyTo(data);
        BinaryPrimitives.WriteUInt64BigEndian(data[32..], height);
        BinaryPrimitives.WriteUInt32BigEndian(data[40..], round);
        return Hash256.ComputeTagged("EnergyChain/proposer-seed/v1"u8, data);
    }
}
