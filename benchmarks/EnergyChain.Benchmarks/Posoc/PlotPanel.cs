namespace EnergyChain.Benchmarks.Posoc;

/// <summary>One panel: a title and its lines.</summary>
public sealed record PlotPanel(string Title, string XLabel, string YLabel, IReadOnlyList<PlotSeries> Series);
