namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>A resource record. <see cref="Class"/> is without the cache-flush bit, which is <see cref="CacheFlush"/>.</summary>
public sealed record DnsRecord(DnsName Name, DnsRecordType Type, int Class, bool CacheFlush, uint Ttl, DnsRecordData Data)
{
    public static DnsRecord Create(DnsName name, DnsRecordData data, uint ttl, bool cacheFlush = false) =>
        new(name, data.Type, DnsClass.Internet, cacheFlush, ttl, data);

    /// <summary>Same owner, type, class and RDATA (RFC 6762 s6: what known-answer and cache matching compare).</summary>
    public bool SameRecord(DnsRecord other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Type == other.Type && Class == other.Class && Name.Equals(other.Name) && Data.SameData(other.Data);
    }
}
