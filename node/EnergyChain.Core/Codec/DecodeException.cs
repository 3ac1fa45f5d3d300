namespace EnergyChain.Core.Codec;

/// <summary>Malformed bytes. The only exception the decoders throw, whatever the input.</summary>
public sealed class DecodeException : Exception
{
    public DecodeException(DecodeError error, string message)
        : base(message)
    {
        Error = error;
    }

    public DecodeError Error { get; }
}
