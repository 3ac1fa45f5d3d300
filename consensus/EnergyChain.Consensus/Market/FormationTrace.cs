using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("EnergyChain.Consensus.Tests")]

namespace EnergyChain.Consensus.Market;

/// <summary>Collects <see cref="TraceStep"/>s when passed in <see cref="FormationOptions.Trace"/>.</summary>
public sealed class FormationTrace
{
    private readonly List<TraceStep> _steps = [];

    public IReadOnlyList<TraceStep> Steps => _steps;

    internal void Add(TraceStep step) => _steps.Add(step);
}
