namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>Typed RDATA. Equality of the contents is <see cref="SameData"/>, by canonical bytes.</summary>
public abstract class DnsRecordData
{
    public abstract DnsRecordType Type { get; }

    /// <summary>Uncompressed RDATA with names lower-cased, so two records compare as DNS compares them.</summary>
    public byte[] CanonicalBytes()
    {
        var writer = new DnsWireWriter(compress: false, lowerCaseNames: true);
        WriteTo(writer);
        return writer.ToArray();
    }

    public bool SameData(DnsRecordData other) =>
        other is not null && other.Type == Type && CanonicalBytes().AsSpan().SequenceEqual(other.CanonicalBytes());

    internal abstract void WriteTo(DnsWireWriter writer);
}
