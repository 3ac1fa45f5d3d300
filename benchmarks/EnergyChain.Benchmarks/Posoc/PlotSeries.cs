namespace EnergyChain.Benchmarks.Posoc;

/// <summary>A line of a learning-curve panel.</summary>
public sealed record PlotSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false);
