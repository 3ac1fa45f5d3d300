namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>Big-endian writer with optional name compression.</summary>
internal sealed class DnsWireWriter(bool compress, bool lowerCaseNames)
{
    private readonly List<byte> _bytes = [];
    private readonly Dictionary<string, int> _suffixes = [];

    public int Length => _bytes.Count;

    public void WriteByte(int value) => _bytes.Add((byte)value);

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            _bytes.Add(b);
        }
    }

    public void WriteUInt16(int value)
    {
        _bytes.Add((byte)(value >> 8));
        _bytes.Add((byte)value);
    }

    public void WriteUInt32(uint value)
    {
        WriteUInt16((int)(value >> 16));
        WriteUInt16((int)(value & 0xFFFF));
    }

    public void PatchUInt16(int at, int value)
    {
        _bytes[at] = (byte)(value >> 8);
        _bytes[at + 1] = (byte)value;
    }

    public void WriteName(DnsName name, bool allowCompression = true)
    {
        var labels = name.Labels;
        for (var i = 0; i < labels.Count; i++)
        {
            var key = SuffixKey(labels, i);
            if (compress && allowCompression && _suffixes.TryGetValue(key, out var offset))
            {
                WriteUInt16(0xC000 | offset);
                return;
            }

            // Pointers carry 14 bits of offset.
            if (compress && _bytes.Count < 0x4000)
            {
                _suffixes.TryAdd(key, _bytes.Count);
            }

            var label = lowerCaseNames ? labels[i].ToLowerInvariant() : labels[i];
            var bytes = DnsName.Utf8.GetBytes(label);
            WriteByte(bytes.Length);
            WriteBytes(bytes);
        }

        WriteByte(0);
    }

    public byte[] ToArray() => [.. _bytes];

    // Case-insensitive like name comparison; lengths keep "a.bc" and "ab.c" apart.
    private static string SuffixKey(IReadOnlyList<string> labels, int from) =>
        string.Concat(labels.Skip(from).Select(l => $"{l.Length}:{l.ToUpperInvariant()}"));
}
