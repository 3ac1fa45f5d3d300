namespace EnergyChain.P2P.Session;

/// <summary>A frame that does not belong to the authenticated session. The session is unusable afterwards.</summary>
public sealed class SessionException : Exception
{
    public SessionException(SessionError error, string message, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
    }

    public SessionError Error { get; }
}
