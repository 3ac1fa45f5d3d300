using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;

namespace EnergyChain.Core.Chain;

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
