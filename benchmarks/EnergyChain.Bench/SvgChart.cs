using System.Globalization;
using System.Xml.Linq;

namespace EnergyChain.Bench;

/// <summary>
/// A small line chart as SVG, written with System.Xml.Linq so it is always well-formed XML: axes with ticks, one
/// polyline with point markers per series (a <c>g</c> element with <c>data-series="NAME"</c>), a legend. NaN points
/// are left out.
/// </summary>
public static class SvgChart
{
    private const double Width = 640, Height = 400, Left = 70, Right = 150, Top = 40, Bottom = 55;
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

    public static XDocument Line(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series)
    {
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var (x0, x1) = Range(points.Select(p => p.X), zero: false);
        var (y0, y1) = Range(points.Select(p => p.Y), zero: true);
        double Px(double x) => Left + ((x - x0) / (x1 - x0) * (Width - Left - Right));
        double Py(double y) => Height - Bottom - ((y - y0) / (y1 - y0) * (Height - Top - Bottom));

        var root = new XElement(
            Svg + "svg",
            new XAttribute("width", Width), new XAttribute("height", Height), new XAttribute("viewBox", $"0 0 {Width} {Height}"),
            new XAttribute("font-family", "sans-serif"), new XAttribute("font-size", 12),
            new XElement(Svg + "title", title),
            new XElement(Svg + "rect", new XAttribute("width", Width), new XAttribute("height", Height), new XAttribute("fill", "white")),
            Text(Width / 2, 22, title, "middle", 14),
            Text((Left + Width - Right) / 2, Height - 12, xLabel, "middle"),
            new XElement(Svg + "text", new XAttribute("transform", $"translate(16,{F((Top + Height - Bottom) / 2)}) rotate(-90)"), new XAttribute("text-anchor", "middle"), yLabel),
            LineElement(Left, Height - Bottom, Width - Right, Height - Bottom),
            LineElement(Left, Top, Left, Height - Bottom));
        foreach (var tick in Ticks(x0, x1))
        {
            root.Add(LineElement(Px(tick), Height - Bottom, Px(tick), Height - Bottom + 4), Text(Px(tick), Height - Bottom + 17, Label(tick), "middle"));
        }

        foreach (var tick in Ticks(y0, y1))
        {
            root.Add(LineElement(Left - 4, Py(tick), Left, Py(tick)), Text(Left - 7, Py(tick) + 4, Label(tick), "end"));
        }

        for (var i = 0; i < series.Count; i++)
        {
            var color = Colors[i % Colors.Length];
            var valid = series[i].Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
            var group = new XElement(Svg + "g", new XAttribute("class", "series"), new XAttribute("data-series", series[i].Name));
            if (valid.Count > 1)
            {
                group.Add(new XElement(
                    Svg + "polyline",
                    new XAttribute("fill", "none"), new XAttribute("stroke", color), new XAttribute("stroke-width", 2),
                    new XAttribute("points", string.Join(' ', valid.Select(p => $"{F(Px(p.X))},{F(Py(p.Y))}")))));
            }

            if (valid.Count <= 20)
            {
                foreach (var p in valid)
                {
                    group.Add(new XElement(Svg + "circle", new XAttribute("cx", F(Px(p.X))), new XAttribute("cy", F(Py(p.Y))), new XAttribute("r", 3.5), new XAttribute("fill", color)));
                }
            }

            var ly = Top + 10 + (i * 20);
            group.Add(
                new XElement(Svg + "rect", new XAttribute("x", F(Width - Right + 15)), new XAttribute("y", F(ly - 9)), new XAttribute("width", 12), new XAttribute("height", 12), new XAttribute("fill", color)),
                Text(Width - Right + 32, ly + 2, series[i].Name, "start"));
            root.Add(group);
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static XElement Text(double x, double y, string text, string anchor, int size = 12) =>
        new(Svg + "text", new XAttribute("x", F(x)), new XAttribute("y", F(y)), new XAttribute("text-anchor", anchor), new XAttribute("font-size", size), text);

    private static XElement LineElement(double x1, double y1, double x2, double y2) =>
        new(Svg + "line", new XAttribute("x1", F(x1)), new XAttribute("y1", F(y1)), new XAttribute("x2", F(x2)), new XAttribute("y2", F(y2)), new XAttribute("stroke", "#333"));

    private static (double Low, double High) Range(IEnumerable<double> values, bool zero)
    {
        var list = values.ToList();
        var low = list.Count == 0 ? 0 : list.Min();
        var high = list.Count == 0 ? 1 : list.Max();
        if (zero)
        {
            low = Math.Min(0, low);
        }

        if (high - low < 1e-9)
        {
            high = low + Math.Max(1, Math.Abs(low));
        }

        var step = Step(low, high);
        return (Math.Floor(low / step) * step, Math.Ceiling(high / step) * step);
    }

    private static double Step(double low, double high)
    {
        var raw = (high - low) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normalized = raw / magnitude;
        double nice = normalized switch { <= 1 => 1, <= 2 => 2, <= 5 => 5, _ => 10 };
        return nice * magnitude;
    }

    private static IEnumerable<double> Ticks(double low, double high)
    {
        var step = Step(low, high);
        for (var t = low; t <= high + (step / 1000); t += step)
        {
            yield return t;
        }
    }

    private static string Label(double value) => Math.Abs(value) >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
