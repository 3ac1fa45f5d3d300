using System.Globalization;
using System.Text;

namespace EnergyChain.Vm.Assembly;

/// <summary>Parsing and printing of the literal forms the assembler accepts: integers, hex bytes, strings.</summary>
internal static class Literals
{
    public static bool TryParseInt(string text, out long value)
    {
        value = 0;
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (body.Length is < 3 or > 18 || !ulong.TryParse(body.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits))
            {
                return false;
            }

            value = negative ? unchecked(-(long)bits) : unchecked((long)bits);
            return true;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseBytes(string text, out byte[] value)
    {
        value = [];
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var hex = text[2..];
            if (hex.Length % 2 != 0)
            {
                return false;
            }

            try
            {
                value = Convert.FromHexString(hex);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return false;
        }

        var bytes = new List<byte>();
        for (var i = 1; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (c != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }

            if (++i >= text.Length - 1)
            {
                return false;
            }

            switch (text[i])
            {
                case '\\': bytes.Add((byte)'\\'); break;
                case '"': bytes.Add((byte)'"'); break;
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case '0': bytes.Add(0); break;
                case 'x':
                    if (i + 2 >= text.Length || !byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                    {
                        return false;
                    }

                    bytes.Add(b);
                    i += 2;
                    break;
                default:
                    return false;
            }
        }

        value = [.. bytes];
        return true;
    }

    /// <summary>A string literal when every byte is plain printable ASCII, hex otherwise.</summary>
    public static string FormatBytes(byte[] value)
    {
        if (value.Length == 0)
        {
            return "\"\"";
        }

        foreach (var b in value)
        {
            if (b is < 0x20 or > 0x7E or (byte)'"' or (byte)'\\' or (byte)';')
            {
                return "0x" + Convert.ToHexString(value);
            }
        }

        return "\"" + Encoding.ASCII.GetString(value) + "\"";
    }
}
