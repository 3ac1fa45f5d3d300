namespace EnergyChain.P2P.Scoring;

public enum Misbehaviour
{
    /// <summary>A malformed frame or one that fails session authentication.</summary>
    InvalidFrame,

    /// <summary>An authenticated message that does not decode or makes no sense.</summary>
    InvalidMessage,

    /// <summary>More messages than the channel allows.</summary>
    Flood,

    /// <summary>A block that fails validation, sent as if it were valid.</summary>
    InvalidBlock,

    /// <summary>A handshake that failed on the peer's side of it (garbage, wrong chain, not a member).</summary>
    FailedHandshake,
}
