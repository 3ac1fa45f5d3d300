using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;

namespace EnergyChain.Core.Chain;

public enum ReorgStatus
{
    /// <summary>The branch is now the canonical chain.</summary>
    Reorganized,
    /// <summary>Every block of the branch is already canonical: nothing to do.</summary>
    AlreadyCanonical,
    /// <summary>The branch is empty, or its blocks do not each extend the one before.</summary>
    NotAChain,
    /// <summary>The branch's first parent is not a block of the canonical chain.</summary>
    UnknownForkPoint,
    /// <summary>The fork point is below the finalized height: finalized blocks are never reverted.</summary>
    BelowFinalized,
    /// <summary>Going back to the fork point would revert more blocks than the store keeps undo data for.</summary>
    TooDeep,
    /// <summary>A branch block failed validation; the chain was put back where it was.</summary>
    InvalidBlock,
}

/// <summary>
/// A switch of the canonical chain from one branch to another, as <see cref="Blockchain.Reorganized"/>
/// reports it.
/// </summary>
/// <param name="ForkHeight">Height of the last block both branches share.</param>
/// <param name="Reverted">The blocks taken off, in ascending height (their transactions may belong in the mempool again).</param>
/// <param name="Applied">The blocks committed instead, in ascending height.</param>
public sealed record ChainReorganization(ulong ForkHeight, IReadOnlyList<Block> Reverted, IReadOnlyList<Block> Applied);

/// <summary>
/// What <see cref="Blockchain.TryReorganize"/> did. Unless <see cref="Status"/> is
/// <see cref="ReorgStatus.Reorganized"/>, the chain is exactly where it was.
/// </summary>
public sealed class ReorgResult
{
    private ReorgResult(ReorgStatus status, string message, ChainReorganization? reorganization, Block? invalidBlock, BlockApplyResult? blockResult)
    {
        Status = status;
        Message = message;
        Reorganization = reorganization;
        InvalidBlock = invalidBlock;
        BlockResult = blockResult;
    }

    public ReorgStatus Status { get; }

    public bool IsReorganized => Status == ReorgStatus.Reorganized;

    public string Message { get; }

    /// <summary>What was reverted and applied; only when <see cref="IsReorganized"/>.</summary>
    public ChainReorganization? Reorganization { get; }

    /// <summary>The branch block that failed; only for <see cref="ReorgStatus.InvalidBlock"/>.</summary>
    public Block? InvalidBlock { get; }

    /// <summary>Why <see cref="InvalidBlock"/> failed (as <see cref="Blockchain.TryAppend"/> would have said).</summary>
    public BlockApplyResult? BlockResult { get; }

    internal static ReorgResult Done(ChainReorganization reorganization) =>
        new(ReorgStatus.Reorganized, $"reverted {reorganization.Reverted.Count} and applied {reorganization.Applied.Count} blocks above {reorganization.ForkHeight}", reorganization, null, null);

    internal static ReorgResult Refused(ReorgStatus status, string message) => new(status, message, null, null, null);

    internal static ReorgResult Invalid(Block block, BlockApplyResult result) =>
        new(ReorgStatus.InvalidBlock, $"branch block {block.Height} ({block.Hash}) is invalid: {result.Error}: {result.Message}", null, block, result);

    public override string ToString() => $"{Status}: {Message}";
}
