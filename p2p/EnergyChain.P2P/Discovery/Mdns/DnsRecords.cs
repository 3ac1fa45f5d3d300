using System.Net;

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

public static class DnsClass
{
    public const int Internet = 1;
    public const int Any = 255;

    /// <summary>Top bit of the class: QU in a question (RFC 6762 s5.4), cache-flush in a record (s10.2).</summary>
    public const int TopBit = 0x8000;
}

/// <summary>A question; <paramref name="UnicastResponse"/> is the QU bit.</summary>
public sealed record DnsQuestion(DnsName Name, DnsRecordType Type, int Class = DnsClass.Internet, bool UnicastResponse = false);

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

public sealed class PtrData(DnsName target) : DnsRecordData
{
    public DnsName Target { get; } = target ?? throw new ArgumentNullException(nameof(target));

    public override DnsRecordType Type => DnsRecordType.Ptr;

    public override string ToString() => Target.ToString();

    internal override void WriteTo(DnsWireWriter writer) => writer.WriteName(Target);
}

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

/// <summary>TXT character-strings, each at most 255 bytes; no strings is written as one empty string (RFC 6763 s6.1).</summary>
public sealed class TxtData : DnsRecordData
{
    public TxtData(IEnumerable<byte[]> strings)
    {
        ArgumentNullException.ThrowIfNull(strings);
        Strings = [.. strings];
        if (Strings.Any(s => s.Length > 255))
        {
            throw new ArgumentException("a TXT string is at most 255 bytes", nameof(strings));
        }
    }

    public IReadOnlyList<byte[]> Strings { get; }

    public override DnsRecordType Type => DnsRecordType.Txt;

    /// <summary>Encodes key=value pairs (key only when the value is null), as DNS-SD TXT records hold them.</summary>
    public static TxtData FromPairs(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var strings = new List<byte[]>();
        foreach (var (key, value) in pairs)
        {
            // RFC 6763 s6.4: keys are printable US-ASCII other than '=', at least one character.
            if (key.Length == 0 || key.Any(c => c is < ' ' or > '~' or '='))
            {
                throw new ArgumentException($"TXT key '{key}' must be printable ASCII without '='", nameof(pairs));
            }

            strings.Add(DnsName.Utf8.GetBytes(value is null ? key : $"{key}={value}"));
        }

        return new TxtData(strings);
    }

    /// <summary>
    /// key=value pairs per RFC 6763 s6.4-6.5: keys are case-insensitive, the first occurrence wins, a string
    /// without '=' is a key with an empty value, and strings that are not UTF-8 or start with '=' are skipped.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToDictionary()
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var bytes in Strings)
        {
            string text;
            try
            {
                text = DnsName.Utf8.GetString(bytes);
            }
            catch (ArgumentException)
            {
                continue;
            }

            var eq = text.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? text : text[..eq];
            if (key.Length > 0)
            {
                result.TryAdd(key, eq < 0 ? string.Empty : text[(eq + 1)..]);
            }
        }

        return result;
    }

    public override string ToString() => string.Join(' ', Strings.Select(s => $"\"{System.Text.Encoding.UTF8.GetString(s)}\""));

    internal override void WriteTo(DnsWireWriter writer)
    {
        if (Strings.Count == 0)
        {
            writer.WriteByte(0);
            return;
        }

        foreach (var s in Strings)
        {
            writer.WriteByte(s.Length);
            writer.WriteBytes(s);
        }
    }
}

/// <summary>An A (IPv4) or AAAA (IPv6) record's address.</summary>
public sealed class AddressData : DnsRecordData
{
    public AddressData(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily is not (System.Net.Sockets.AddressFamily.InterNetwork or System.Net.Sockets.AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException("only IPv4 and IPv6 addresses", nameof(address));
        }

        Address = address;
    }

    public IPAddress Address { get; }

    public override DnsRecordType Type =>
        Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? DnsRecordType.A : DnsRecordType.Aaaa;

    public override string ToString() => Address.ToString();

    internal override void WriteTo(DnsWireWriter writer) => writer.WriteBytes(Address.GetAddressBytes());
}

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

/// <summary>RDATA of a type this codec does not interpret, kept as bytes.</summary>
public sealed class UnknownData(int type, byte[] bytes) : DnsRecordData
{
    private readonly int _type = type;

    public byte[] Bytes { get; } = bytes ?? throw new ArgumentNullException(nameof(bytes));

    public override DnsRecordType Type => (DnsRecordType)_type;

    public override string ToString() => Convert.ToHexString(Bytes);

    internal override void WriteTo(DnsWireWriter writer) => writer.WriteBytes(Bytes);
}
