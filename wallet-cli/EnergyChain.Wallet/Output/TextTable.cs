namespace EnergyChain.Wallet.Output;

/// <summary>
/// Plain aligned columns (two spaces apart, no borders, never wrapped), so long hashes and keys stay on one
/// line and can be copied or cut out with awk.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void Write(TextWriter writer)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        WriteRow(writer, headers, widths);
        foreach (var row in _rows)
        {
            WriteRow(writer, row, widths);
        }
    }

    /// <summary>Label/value lines ("height   12"), labels padded to one width.</summary>
    public static void WriteFields(TextWriter writer, IReadOnlyList<(string Label, string Value)> fields)
    {
        var width = fields.Count == 0 ? 0 : fields.Max(f => f.Label.Length);
        foreach (var (label, value) in fields)
        {
            writer.WriteLine($"{label.PadRight(width)}  {value}");
        }
    }

    private static void WriteRow(TextWriter writer, string[] cells, int[] widths)
    {
        var padded = cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]));
        writer.WriteLine(string.Join("  ", padded).TrimEnd());
    }
}
