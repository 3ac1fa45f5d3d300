using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;

namespace EnergyChain.Consensus.Selection;

/// <summary>
/// The seal of the elected engines: the producer's signature, where the producer must be the member elected
/// for the header's height and round (its <see cref="BlockHeader.Slot"/>). The signature itself is checked by
/// the core for every block; this adds who may sign.
/// </summary>
public sealed class ElectedProducerSealValidator(ILeaderSelector leaders) : ISealValidator
{
    public SealVerdict Validate(BlockHeader header, SealContext context)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(context);
        if (context.ParentState is null)
        {
            throw new ArgumentException("the elected engines need the parent state to check a seal", nameof(context));
        }

        if (header.ParentHash != context.Parent.Hash || header.Height != context.Parent.Height + 1)
        {
            return SealVerdict.Invalid($"block {header.Height} does not extend the parent {context.Parent.Height} ({context.Parent.Hash})");
        }

        if (header.Slot > WeightedLeaderSelector.MaxRound)
        {
            return SealVerdict.Invalid($"round {header.Slot} is beyond the limit {WeightedLeaderSelector.MaxRound}");
        }

        if (header.ProducerKey is not { } producer)
        {
            return SealVerdict.Invalid("the block has no producer");
        }

        var elected = leaders.ProducerFor(header.ParentHash, header.Height, header.Slot, context.ParentState);
        return producer.Equals(elected)
            ? SealVerdict.Valid
            : SealVerdict.Invalid($"{producer} was not elected for height {header.Height} round {header.Slot}; {elected} was");
    }
}
