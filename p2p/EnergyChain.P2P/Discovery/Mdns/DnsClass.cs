namespace EnergyChain.P2P.Discovery.Mdns;

public static class DnsClass
{
    public const int Internet = 1;
    public const int Any = 255;

    /// <summary>Top bit of the class: QU in a question (RFC 6762 s5.4), cache-flush in a record (s10.2).</summary>
    public const int TopBit = 0x8000;
}
