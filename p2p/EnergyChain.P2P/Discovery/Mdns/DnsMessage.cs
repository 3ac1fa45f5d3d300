namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>A DNS message (RFC 1035 s4.1): header fields and the four sections.</summary>
public sealed class DnsMessage
{
    public const int FlagResponse = 0x8000;
    public const int FlagAuthoritative = 0x0400;
    public const int FlagTruncated = 0x0200;

    /// <summary>An mDNS response header: QR and AA set, everything else zero (RFC 6762 s18).</summary>
    public const int ResponseFlags = FlagResponse | FlagAuthoritative;

    public int Id { get; init; }

    /// <summary>The 16 flag bits of the header (QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE).</summary>
    public int Flags { get; init; }

    public bool IsResponse => (Flags & FlagResponse) != 0;

    public int Opcode => (Flags >> 11) & 0xF;

    public int ResponseCode => Flags & 0xF;

    public bool IsTruncated => (Flags & FlagTruncated) != 0;

    public IList<DnsQuestion> Questions { get; init; } = [];

    public IList<DnsRecord> Answers { get; init; } = [];

    public IList<DnsRecord> Authorities { get; init; } = [];

    public IList<DnsRecord> Additionals { get; init; } = [];
}
