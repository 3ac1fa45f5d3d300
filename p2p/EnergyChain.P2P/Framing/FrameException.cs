namespace EnergyChain.P2P.Framing;

/// <summary>Malformed framing. The only exception the frame reader throws for bad input.</summary>
public sealed class FrameException : Exception
{
    public FrameException(FrameError error, string message)
        : base(message)
    {
        Error = error;
    }

    public FrameError Error { get; }
}
