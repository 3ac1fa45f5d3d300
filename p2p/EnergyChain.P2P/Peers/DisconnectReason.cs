namespace EnergyChain.P2P.Peers;

public enum DisconnectReason
{
    /// <summary>This node closed the connection.</summary>
    LocalClose,

    /// <summary>The peer closed the stream at a frame boundary.</summary>
    RemoteClosed,

    /// <summary>A malformed frame (<see cref="Framing.FrameException"/>).</summary>
    InvalidFrame,

    /// <summary>A frame that failed session authentication (<see cref="Session.SessionException"/>).</summary>
    SessionFailure,

    /// <summary>The misbehaviour score reached the ban threshold.</summary>
    Banned,

    /// <summary>The send queue overflowed.</summary>
    SendQueueOverflow,

    /// <summary>Nothing arrived within the idle timeout.</summary>
    IdleTimeout,

    /// <summary>A read or write failed.</summary>
    IoError,

    /// <summary>A channel handler threw.</summary>
    HandlerFailed,

    /// <summary>The member set changed and no longer admits the peer's key (it left or was evicted).</summary>
    NotMember,
}
