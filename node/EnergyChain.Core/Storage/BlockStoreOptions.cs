namespace EnergyChain.Core.Storage;

/// <summary>Settings shared by the block stores.</summary>
public sealed record BlockStoreOptions
{
    public const ulong DefaultUndoDepth = 1_000;

    /// <summary>
    /// How many of the most recent blocks keep undo data and so can be reverted (a reorganization can go at
    /// most this deep). Older undo data is pruned in the commit that makes it too old. 0 keeps none.
    /// </summary>
    public ulong UndoDepth { get; init; } = DefaultUndoDepth;
}
