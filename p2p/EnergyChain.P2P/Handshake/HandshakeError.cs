namespace EnergyChain.P2P.Handshake;

public enum HandshakeError
{
    /// <summary>The handshake did not finish within its timeout.</summary>
    Timeout,

    /// <summary>The stream ended or failed during the handshake.</summary>
    ConnectionClosed,

    /// <summary>A handshake frame or message was malformed.</summary>
    Malformed,

    /// <summary>The remote speaks another protocol version.</summary>
    ProtocolVersionMismatch,

    /// <summary>The remote is on another chain id.</summary>
    WrongChainId,

    /// <summary>The remote has another genesis document.</summary>
    WrongGenesis,

    /// <summary>The remote node key is not in the member set.</summary>
    NotMember,

    /// <summary>The remote node key is currently banned for misbehaviour.</summary>
    Banned,

    /// <summary>The remote presented our own node key.</summary>
    SelfConnection,

    /// <summary>The remote's transcript signature does not verify, or its ephemeral key is invalid.</summary>
    BadSignature,
}
