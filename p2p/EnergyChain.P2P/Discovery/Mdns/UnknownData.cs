namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>RDATA of a type this codec does not interpret, kept as bytes.</summary>
public sealed class UnknownData(int type, byte[] bytes) : DnsRecordData
{
    private readonly int _type = type;

    public byte[] Bytes { get; } = bytes ?? throw new ArgumentNullException(nameof(bytes));

    public override DnsRecordType Type => (DnsRecordType)_type;

    public override string ToString() => Convert.ToHexString(Bytes);

    internal override void WriteTo(DnsWireWriter writer) => writer.WriteBytes(Bytes);
}
