namespace EnergyChain.P2P.Messages;

public enum MessageError
{
    /// <summary>Not a parseable protobuf message.</summary>
    Malformed,

    /// <summary>Parseable, but not in its one canonical encoding (unknown or repeated fields, padding).</summary>
    NonCanonical,

    /// <summary>An envelope for a channel this node does not know.</summary>
    UnknownChannel,

    /// <summary>A field has the wrong size or an impossible value.</summary>
    InvalidField,

    /// <summary>Larger than the message type allows.</summary>
    TooLarge,
}
