namespace EnergyChain.P2P.Messages;

/// <summary>A bad P2P message. The only exception the message decoders throw, whatever the input.</summary>
public sealed class MessageException : Exception
{
    public MessageException(MessageError error, string message, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
    }

    public MessageError Error { get; }
}
