namespace EnergyChain.P2P.Handshake;

/// <summary>A refused handshake. Nothing from the peer is processed after it; the caller closes the stream.</summary>
public sealed class HandshakeException : Exception
{
    public HandshakeException(HandshakeError error, string message, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
    }

    public HandshakeError Error { get; }
}
