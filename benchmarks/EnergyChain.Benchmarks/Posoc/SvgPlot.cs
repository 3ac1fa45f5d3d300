using System.Globalization;
using System.Text;

namespace EnergyChain.Benchmarks.Posoc;

/// <summary>Hand-written SVG line charts (no packages): panels side by side, shared legend per panel.</summary>
public static class SvgPlot
{
    private const double PanelWidth = 520;
    private const double PanelHeight = 360;
    private const double Left = 64;
    private const double Right = 16;
    private const double Top = 36;
    private const double Bottom = 118;

    public static string Render(IReadOnlyList<PlotPanel> panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var width = PanelWidth * panels.Count;
        var sb = new StringBuilder();
        sb.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0}\" height=\"{PanelHeight:0}\" viewBox=\"0 0 {width:0} {PanelHeight:0}\" font-family=\"sans-serif\" font-size=\"11\">\n"));
        sb.Append(F($"<rect x=\"0\" y=\"0\" width=\"{width:0}\" height=\"{PanelHeight:0}\" fill=\"white\"/>\n"));
        for (var p = 0; p < panels.Count; p++)
        {
            RenderPanel(sb, panels[p], p * PanelWidth);
        }

        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private static void RenderPanel(StringBuilder sb, PlotPanel panel, double x0)
    {
        var all = panel.Series.SelectMany(s => s.Points).ToList();
        var xMin = all.Min(p => p.X);
        var xMax = all.Max(p => p.X);
        var yMin = all.Min(p => p.Y);
        var yMax = all.Max(p => p.Y);
        if (xMax <= xMin)
        {
            xMax = xMin + 1;
        }

        var (tickStep, niceMin, niceMax) = NiceRange(yMin, yMax);
        yMin = niceMin;
        yMax = niceMax;
        var plotW = PanelWidth - Left - Right;
        var plotH = PanelHeight - Top - Bottom;
        double X(double x) => x0 + Left + ((x - xMin) / (xMax - xMin) * plotW);
        double Y(double y) => Top + plotH - ((y - yMin) / (yMax - yMin) * plotH);

        sb.Append(F($"<text x=\"{x0 + (PanelWidth / 2):0.#}\" y=\"20\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">{Escape(panel.Title)}</text>\n"));
        sb.Append(F($"<rect x=\"{x0 + Left:0.#}\" y=\"{Top:0.#}\" width=\"{plotW:0.#}\" height=\"{plotH:0.#}\" fill=\"none\" stroke=\"#444\"/>\n"));
        for (var t = yMin; t <= yMax + (tickStep / 2); t += tickStep)
        {
            sb.Append(F($"<line x1=\"{x0 + Left:0.#}\" x2=\"{x0 + Left + plotW:0.#}\" y1=\"{Y(t):0.#}\" y2=\"{Y(t):0.#}\" stroke=\"#ddd\"/>\n"));
            sb.Append(F($"<text x=\"{x0 + Left - 6:0.#}\" y=\"{Y(t) + 4:0.#}\" text-anchor=\"end\">{t:0.##}</text>\n"));
        }

        for (var i = 0; i <= 5; i++)
        {
            var xv = xMin + ((xMax - xMin) * i / 5.0);
            sb.Append(F($"<text x=\"{X(xv):0.#}\" y=\"{Top + plotH + 16:0.#}\" text-anchor=\"middle\">{xv:0}</text>\n"));
        }

        sb.Append(F($"<text x=\"{x0 + Left + (plotW / 2):0.#}\" y=\"{Top + plotH + 32:0.#}\" text-anchor=\"middle\">{Escape(panel.XLabel)}</text>\n"));
        sb.Append(F($"<text transform=\"translate({x0 + 16:0.#},{Top + (plotH / 2):0.#}) rotate(-90)\" text-anchor=\"middle\">{Escape(panel.YLabel)}</text>\n"));

        for (var s = 0; s < panel.Series.Count; s++)
        {
            var series = panel.Series[s];
            var points = string.Join(" ", series.Points.Select(p => F($"{X(p.X):0.##},{Y(p.Y):0.##}")));
            var dash = series.Dashed ? " stroke-dasharray=\"6,4\"" : string.Empty;
            sb.Append(F($"<polyline fill=\"none\" stroke=\"{series.Color}\" stroke-width=\"1.8\"{dash} points=\"{points}\"/>\n"));
            var lx = x0 + Left + ((s % 2) * (plotW / 2));
            var ly = Top + plotH + 50 + ((s / 2) * 16);
            sb.Append(F($"<line x1=\"{lx:0.#}\" x2=\"{lx + 22:0.#}\" y1=\"{ly - 4:0.#}\" y2=\"{ly - 4:0.#}\" stroke=\"{series.Color}\" stroke-width=\"2\"{dash}/>\n"));
            sb.Append(F($"<text x=\"{lx + 28:0.#}\" y=\"{ly:0.#}\">{Escape(series.Name)}</text>\n"));
        }
    }

    private static (double Step, double Min, double Max) NiceRange(double min, double max)
    {
        if (max <= min)
        {
            max = min + 1;
        }

        var raw = (max - min) / 6.0;
        var mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var norm = raw / mag;
        var step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
        return (step, Math.Floor(min / step) * step, Math.Ceiling(max / step) * step);
    }

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
