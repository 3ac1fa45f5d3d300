namespace EnergyChain.P2P.Discovery.Mdns;

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
