using EnergyChain.Core.Blocks;

namespace EnergyChain.Consensus.Engine;

/// <summary>Checks a received block's seal.</summary>
public interface ISealValidator
{
    /// <summary>
    /// Whether <paramref name="header"/>'s seal is valid on top of <see cref="SealContext.Parent"/>: the right
    /// producer signed it, the proof of work meets the expected target, and so on. Pure and deterministic.
    /// The core checks the rest of the block (transactions, state root) separately.
    /// </summary>
    SealVerdict Validate(BlockHeader header, SealContext context);
}
