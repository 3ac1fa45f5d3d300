namespace EnergyChain.Consensus.Pow;

public enum PowImportStatus
{
    /// <summary>The block (and maybe its branch) is now the head of the canonical chain.</summary>
    Committed,

    /// <summary>Already held, on the canonical chain or as a side block.</summary>
    Known,

    /// <summary>A valid seal on a branch that does not (yet) carry more work than the head: kept as a side block.</summary>
    Side,

    /// <summary>The parent is not known: kept as an orphan until the parent arrives (the seal's own work was checked).</summary>
    Orphan,

    /// <summary>Too far in the future for this node's clock: not invalid (the clock may be wrong), considered later.</summary>
    Deferred,

    /// <summary>On a branch that forks at or below the finalized height, where it can never win: dropped.</summary>
    Ignored,

    /// <summary>A bad seal, or a branch block that fails execution: the sender misbehaved.</summary>
    Invalid,

    /// <summary>Committing failed locally (the store); not the sender's fault.</summary>
    Failed,
}
