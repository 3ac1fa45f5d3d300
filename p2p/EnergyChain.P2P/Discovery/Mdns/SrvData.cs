namespace EnergyChain.P2P.Discovery.Mdns;

public sealed class SrvData(int priority, int weight, int port, DnsName target) : DnsRecordData
{
    public int Priority { get; } = (ushort)priority;

    public int Weight { get; } = (ushort)weight;

    public int Port { get; } = (ushort)port;

    public DnsName Target { get; } = target ?? throw new ArgumentNullException(nameof(target));

    public override DnsRecordType Type => DnsRecordType.Srv;

    public override string ToString() => $"{Priority} {Weight} {Port} {Target}";

    internal override void WriteTo(DnsWireWriter writer)
    {
        writer.WriteUInt16(Priority);
        writer.WriteUInt16(Weight);
        writer.WriteUInt16(Port);
        writer.WriteName(Target);
    }
}
