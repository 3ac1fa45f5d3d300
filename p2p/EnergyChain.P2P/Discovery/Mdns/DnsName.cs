using System.Text;

namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>
/// A domain name as a list of labels. Labels, not a dotted string, because DNS-SD instance names may contain
/// dots ("Node 1.5"). Comparison ignores case (RFC 6762 s16: names compare case-insensitively).
/// </summary>
public sealed class DnsName : IEquatable<DnsName>
{
    public const int MaxWireLength = 255;
    public const int MaxLabelLength = 63;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, true);
    private readonly string[] _labels;

    public DnsName(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _labels = [.. labels];
        var length = 1;
        foreach (var label in _labels)
        {
            var bytes = StrictUtf8.GetByteCount(label);
            if (bytes is 0 or > MaxLabelLength)
            {
                throw new ArgumentException($"label '{label}' must be 1..{MaxLabelLength} UTF-8 bytes", nameof(labels));
            }

            length += 1 + bytes;
        }

        if (length > MaxWireLength)
        {
            throw new ArgumentException($"name is {length} bytes on the wire, more than {MaxWireLength}", nameof(labels));
        }

        WireLength = length;
    }

    // The decoder has already checked lengths and UTF-8 on the wire bytes.
    private DnsName(string[] labels, int wireLength)
    {
        _labels = labels;
        WireLength = wireLength;
    }

    public static DnsName Root { get; } = new([], 1);

    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Length of the uncompressed wire form, including the final zero byte.</summary>
    public int WireLength { get; }

    /// <summary>Parses a dotted name; <c>\.</c> and <c>\\</c> escape a dot or backslash inside a label.</summary>
    public static DnsName Parse(string dotted)
    {
        ArgumentNullException.ThrowIfNull(dotted);
        var labels = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < dotted.Length; i++)
        {
            var c = dotted[i];
            if (c == '\\' && i + 1 < dotted.Length)
            {
                current.Append(dotted[++i]);
            }
            else if (c == '.')
            {
                if (current.Length == 0)
                {
                    throw new ArgumentException($"empty label in '{dotted}'", nameof(dotted));
                }

                labels.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            labels.Add(current.ToString());
        }

        return new DnsName(labels);
    }

    public DnsName Prepend(string label) => new([label, .. _labels]);

    /// <summary>True when this name is <paramref name="parent"/> with exactly one more label in front.</summary>
    public bool IsChildOf(DnsName parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return _labels.Length == parent._labels.Length + 1 && EndsWith(parent);
    }

    public bool EndsWith(DnsName suffix)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        if (suffix._labels.Length > _labels.Length)
        {
            return false;
        }

        var offset = _labels.Length - suffix._labels.Length;
        for (var i = 0; i < suffix._labels.Length; i++)
        {
            if (!string.Equals(_labels[offset + i], suffix._labels[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    public bool Equals(DnsName? other) => other is not null && other._labels.Length == _labels.Length && EndsWith(other);

    public override bool Equals(object? obj) => Equals(obj as DnsName);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var label in _labels)
        {
            hash.Add(label, StringComparer.OrdinalIgnoreCase);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        string.Join('.', _labels.Select(l => l.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(".", "\\.", StringComparison.Ordinal)));

    internal static Encoding Utf8 => StrictUtf8;

    internal static DnsName FromWire(string[] labels, int wireLength) => new(labels, wireLength);
}
