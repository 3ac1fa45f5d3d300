namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>Record types this codec understands; others decode as <see cref="UnknownData"/>.</summary>
public enum DnsRecordType
{
    A = 1,
    Ptr = 12,
    Txt = 16,
    Aaaa = 28,
    Srv = 33,
    Nsec = 47,
    Any = 255,
}
