namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>Why a DNS message could not be decoded.</summary>
public enum MdnsFormatError
{
    /// <summary>The packet ends inside a header, name, question or record.</summary>
    Truncated,

    /// <summary>A label type other than a plain label (00) or a pointer (11), or a label that is not UTF-8.</summary>
    BadLabel,

    /// <summary>A compression pointer that does not point strictly backwards, or too many pointers in one name.</summary>
    BadPointer,

    /// <summary>A name longer than 255 bytes on the wire.</summary>
    NameTooLong,

    /// <summary>Record data whose length does not match its type (A not 4 bytes, a name overrunning RDLENGTH, ...).</summary>
    BadRecordData,
}
