using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;

namespace EnergyChain.Consensus.Pow;

/// <summary>
/// Checks a proof-of-work seal: the header extends the given parent, names a producer, carries a well-formed
/// seal whose target is the one <see cref="PowDifficulty"/> expects at this height, and its
/// <see cref="PowHash"/> meets that target. The producer's signature, transactions and state root are the core's
/// checks (its <c>BlockExecutor</c>), not repeated here. Pure: reads only the header, parent and ancestors.
/// </summary>
public sealed class PowSealValidator : ISealValidator
{
    public PowSealValidator(PowParameters parameters)
    {
        Difficulty = new PowDifficulty(parameters);
    }

    public PowDifficulty Difficulty { get; }

    public SealVerdict Validate(BlockHeader header, SealContext context)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(context);
        var parent = context.Parent;
        if (header.Height != parent.Height + 1 || header.ParentHash != parent.Hash)
        {
            return SealVerdict.Invalid($"block {header.Height} does not extend the given parent {parent.Hash} at height {parent.Height}");
        }

        if (!header.HasProducer)
        {
            return SealVerdict.Invalid("a mined block must name its producer (the PoW commits to it)");
        }

        if (!PowSeal.TryDecode(header.ConsensusData.Span, out var seal, out var decodeError))
        {
            return SealVerdict.Invalid(decodeError);
        }

        // Cheap checks before walking a retarget window: a seal outside the allowed range or one whose hash
        // misses its own claimed target is rejected with one hash and no header lookups.
        var claimed = seal.Target;
        if (claimed > Difficulty.Parameters.MaxTarget)
        {
            return SealVerdict.Invalid($"target {PowTarget.ToHex(claimed)} is easier than the minimum difficulty");
        }

        var hash = PowHash.Compute(header);
        if (!PowHash.Meets(hash, claimed))
        {
            return SealVerdict.Invalid($"PoW hash {hash} does not meet target {PowTarget.ToHex(claimed)}");
        }

        if (!Difficulty.TryGetExpectedTarget(parent, context.Headers, out var expected, out var ruleError))
        {
            return SealVerdict.Invalid(ruleError);
        }

        if (claimed != expected)
        {
            return SealVerdict.Invalid(
                $"target 0x{seal.CompactTarget:x8} is not the expected 0x{PowTarget.ToCompact(expected):x8} at height {header.Height}");
        }

        return SealVerdict.Valid;
    }
}
