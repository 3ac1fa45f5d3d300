using System.Globalization;
using System.Text;

namespace EnergyChain.Benchmarks.Market;

/// <summary>A hand-written SVG picture for the experiment reports: frames with a grid, lines, bars, text and a legend.</summary>
internal sealed class SvgChart
{
    private readonly StringBuilder _svg = new();

    public SvgChart(int width, int height)
    {
        Add($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        Add($"<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    }

    /// <summary>
    /// A plot frame at (<paramref name="x0"/>, <paramref name="top"/>) of <paramref name="width"/> x
    /// <paramref name="height"/> pixels for values 0..<paramref name="max"/>: title, axes, a grid line and label every
    /// <paramref name="step"/>; returns the value-to-pixel map of the y axis.
    /// </summary>
    public Func<double, double> Frame(double x0, double top, double width, double height, double max, double step, string title)
    {
        double Y(double v) => top + height - (v / max * height);
        Text(x0, top - 15, title, "font-weight=\"bold\"");
        for (var v = 0.0; v <= max + 1e-9; v += step)
        {
            Line(x0, Y(v), x0 + width, Y(v), "#ddd");
            Text(x0 - 8, Y(v) + 4, v.ToString("0.##", CultureInfo.InvariantCulture), "text-anchor=\"end\"");
        }

        Line(x0, top + height, x0 + width, top + height, "black");
        Line(x0, top, x0, top + height, "black");
        return Y;
    }

    public void Text(double x, double y, string text, string attributes = "") =>
        Add($"<text x=\"{x:F1}\" y=\"{y:F1}\" {attributes}>{text}</text>");

    public void Line(double x1, double y1, double x2, double y2, string stroke, string attributes = "") =>
        Add($"<line x1=\"{x1:F1}\" y1=\"{y1:F1}\" x2=\"{x2:F1}\" y2=\"{y2:F1}\" stroke=\"{stroke}\" {attributes}/>");

    public void Bar(double x, double y, double width, double height, string fill) =>
        Add($"<rect x=\"{x:F1}\" y=\"{y:F1}\" width=\"{width:F1}\" height=\"{Math.Max(0, height):F1}\" fill=\"{fill}\"/>");

    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, string attributes = "") =>
        Add($"<polyline fill=\"none\" stroke=\"{stroke}\" stroke-width=\"2\" {attributes} points=\"{string.Join(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:F1},{p.Y:F1}")))}\"/>");

    /// <summary>One row of legend entries from (<paramref name="x"/>, <paramref name="y"/>), <paramref name="spacing"/> pixels apart; a box for bars, a line otherwise.</summary>
    public void Legend(double x, double y, double spacing, IReadOnlyList<(string Label, string Colour, bool Box, string Attributes)> entries)
    {
        for (var k = 0; k < entries.Count; k++)
        {
            var (label, colour, box, attributes) = entries[k];
            var lx = x + (k * spacing);
            if (box)
            {
                Bar(lx, y - 9, 18, 10, colour);
            }
            else
            {
                Line(lx, y - 4, lx + 25, y - 4, colour, $"stroke-width=\"2\" {attributes}");
            }

            Text(lx + 30, y, label);
        }
    }

    public override string ToString() => _svg + "</svg>\n";

    private void Add(FormattableString line) => _svg.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
