namespace EnergyChain.Bench;

/// <summary>One line of a chart: its name (the legend, and the data-series attribute in the SVG) and its points.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points);
