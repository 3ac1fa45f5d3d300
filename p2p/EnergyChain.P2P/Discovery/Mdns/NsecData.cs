namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>
/// NSEC as mDNS uses it for negative answers (RFC 6762 s6.1): the next name is the owner itself and the bitmap
/// lists the types that exist. Any window is decoded; only window 0 (types below 256) is written.
/// </summary>
public sealed class NsecData : DnsRecordData
{
    public NsecData(DnsName nextName, IEnumerable<int> types)
    {
        NextName = nextName ?? throw new ArgumentNullException(nameof(nextName));
        ArgumentNullException.ThrowIfNull(types);
        Types = [.. types.Distinct().Order()];
        if (Types.Any(t => t is < 0 or > 0xFFFF))
        {
            throw new ArgumentException("types are 16-bit", nameof(types));
        }
    }

    public DnsName NextName { get; }

    public IReadOnlyList<int> Types { get; }

    public override DnsRecordType Type => DnsRecordType.Nsec;

    public override string ToString() => $"{NextName} {string.Join(' ', Types)}";

    internal override void WriteTo(DnsWireWriter writer)
    {
        // RFC 4034 s4.1.1: the next domain name is never compressed.
        writer.WriteName(NextName, allowCompression: false);
        foreach (var window in Types.GroupBy(t => t >> 8))
        {
            var bitmap = new byte[32];
            var used = 0;
            foreach (var type in window)
            {
                var low = type & 0xFF;
                bitmap[low >> 3] |= (byte)(0x80 >> (low & 7));
                used = Math.Max(used, (low >> 3) + 1);
            }

            writer.WriteByte(window.Key);
            writer.WriteByte(used);
            writer.WriteBytes(bitmap.AsSpan(0, used));
        }
    }
}
