namespace EnergyChain.Core.Codec;

public enum DecodeError
{
    Truncated,
    TrailingBytes,
    TooLarge,
    UnsupportedVersion,
    UnknownType,
    InvalidValue,
}
