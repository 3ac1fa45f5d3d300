using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Selection;

/// <summary>
/// Eq. 3.24 for the elected engines: a block made in round r of its height says, by its header's slot, that the
/// elected producers of rounds 0..r-1 did not produce in time; each of them is slashed (by the executor's
/// slashing rule: stake burned, reward withheld, excluded for a while). Every validator derives the same list
/// from the header and the parent state.
/// </summary>
public sealed class MissedSlotSlashing(IRoundLeaderSelector leaders) : ISlashingPolicy
{
    public IReadOnlyList<Penalty> PenaltiesFor(BlockHeader header, IChainState parentState)
    {
        if (header.Slot == 0 || header.Slot > WeightedLeaderSelector.MaxRound)
        {
            return [];
        }

        var producers = leaders.ProducersUpTo(header.ParentHash, header.Height, header.Slot, parentState);
        return [.. producers.Take(producers.Count - 1).Distinct().Select(p => new Penalty(p, PenaltyReason.MissedSlot, header.Height))];
    }
}
