using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;

namespace EnergyChain.Consensus.Single;

/// <summary>The <c>single</c> engine's seal: the designated producer's signature (the core checks the signature itself).</summary>
public sealed class DesignatedProducerSealValidator(DesignatedProducer producer) : ISealValidator
{
    public SealVerdict Validate(BlockHeader header, SealContext context)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(context);
        if (header.ParentHash != context.Parent.Hash || header.Height != context.Parent.Height + 1)
        {
            return SealVerdict.Invalid($"block {header.Height} does not extend the parent {context.Parent.Height} ({context.Parent.Hash})");
        }

        return header.ProducerKey is { } key && producer.IsProducer(key)
            ? SealVerdict.Valid
            : SealVerdict.Invalid($"block {header.Height} is not signed by the designated producer {producer.Producer.Name}");
    }
}
