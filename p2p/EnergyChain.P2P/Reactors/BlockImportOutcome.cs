namespace EnergyChain.P2P.Reactors;

public enum BlockImportOutcome
{
    /// <summary>Validated and committed as the new head.</summary>
    Committed,

    /// <summary>Already committed.</summary>
    Known,

    /// <summary>Fails validation (or is not from the producer it must come from): the sender misbehaved.</summary>
    Invalid,

    /// <summary>Does not extend the head (a gap, or a different parent): nothing to do with it now.</summary>
    Unlinkable,

    /// <summary>Valid, but committing failed locally (the store); not the sender's fault.</summary>
    Failed,
}
