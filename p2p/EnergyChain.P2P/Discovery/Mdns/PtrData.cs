namespace EnergyChain.P2P.Discovery.Mdns;

public sealed class PtrData(DnsName target) : DnsRecordData
{
    public DnsName Target { get; } = target ?? throw new ArgumentNullException(nameof(target));

    public override DnsRecordType Type => DnsRecordType.Ptr;

    public override string ToString() => Target.ToString();

    internal override void WriteTo(DnsWireWriter writer) => writer.WriteName(Target);
}
