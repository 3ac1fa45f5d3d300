namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>The only exception <see cref="DnsMessageCodec.Decode"/> throws for untrusted input.</summary>
public sealed class MdnsFormatException : Exception
{
    public MdnsFormatException()
    {
    }

    public MdnsFormatException(string message)
        : base(message)
    {
    }

    public MdnsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MdnsFormatException(MdnsFormatError error, string message)
        : base($"{error}: {message}") => Error = error;

    public MdnsFormatError Error { get; }
}
