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
