namespace EnergyChain.P2P.Handshake;

public enum HandshakeRole
{
    /// <summary>The side that dialed.</summary>
    Initiator,

    /// <summary>The side that accepted.</summary>
    Responder,
}
