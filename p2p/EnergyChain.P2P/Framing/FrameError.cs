namespace EnergyChain.P2P.Framing;

public enum FrameError
{
    /// <summary>The first two bytes are not the EnergyChain frame magic.</summary>
    BadMagic,

    /// <summary>A frame version this node does not speak.</summary>
    UnsupportedVersion,

    /// <summary>The reserved flags byte is not zero.</summary>
    BadFlags,

    /// <summary>The declared length exceeds the allowed maximum.</summary>
    TooLarge,

    /// <summary>The stream ended inside a header or a payload.</summary>
    Truncated,
}
