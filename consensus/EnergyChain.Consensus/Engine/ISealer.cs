using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// Makes a block's seal: fills <see cref="BlockHeader.ConsensusData"/> (a PoW nonce, an election proof...)
/// and signs the header as the local producer.
/// </summary>
public interface ISealer
{
    /// <summary>
    /// Seals <paramref name="header"/>, whose height, parent, timestamp, slot, transaction root and state root
    /// are final. Returns the sealed and signed header. Throws <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> fires first (e.g. a competing block arrived while mining).
    /// </summary>
    Task<BlockHeader> SealAsync(BlockHeader header, SealContext context, CancellationToken cancellationToken);
}

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

/// <summary>Looks up headers of known blocks by hash, on any branch (for retargeting windows, ancestry).</summary>
public interface IHeaderReader
{
    /// <summary>The header of block <paramref name="hash"/>, or <c>null</c> if it is not known.</summary>
    BlockHeader? GetHeader(Hash256 hash);
}

/// <summary>What sealing and seal checks may look at: the parent header, its ancestors and the parent state.</summary>
/// <param name="Parent">The header the block extends.</param>
/// <param name="Headers">Headers of the parent's ancestors (walk back by <see cref="BlockHeader.ParentHash"/>).</param>
/// <param name="ParentState">The state after the parent block; <c>null</c> for engines that do not need it.</param>
public sealed record SealContext(BlockHeader Parent, IHeaderReader Headers, IChainState? ParentState = null);

/// <summary>The outcome of a seal check: valid, or invalid with a reason for logs and peer scoring.</summary>
public readonly record struct SealVerdict(bool IsValid, string? Error)
{
    public static SealVerdict Valid => new(true, null);

    public static SealVerdict Invalid(string error) => new(false, error);

    public override string ToString() => IsValid ? "valid" : $"invalid: {Error}";
}
