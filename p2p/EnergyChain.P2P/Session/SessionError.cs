namespace EnergyChain.P2P.Session;

public enum SessionError
{
    /// <summary>Shorter than the counter and the tag.</summary>
    Truncated,

    /// <summary>A counter already seen: the frame was replayed.</summary>
    Replayed,

    /// <summary>A counter ahead of the next expected one: a frame was dropped or reordered.</summary>
    OutOfOrder,

    /// <summary>The AES-GCM tag does not verify: the frame was tampered with or forged.</summary>
    AuthenticationFailed,

    /// <summary>2^64 - 1 frames in one direction; the session must be re-established.</summary>
    CounterExhausted,

    /// <summary>The session already failed; nothing more is accepted.</summary>
    Closed,
}
