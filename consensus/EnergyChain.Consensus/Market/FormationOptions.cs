using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("EnergyChain.Consensus.Tests")]

namespace EnergyChain.Consensus.Market;

/// <summary>
/// Bounds of the coalition formation search. Every bound keeps re-execution by validators cheap; all of them are
/// part of the consensus rules (two nodes with different options form different partitions).
/// </summary>
public sealed record FormationOptions
{
    /// <summary>The shared default options.</summary>
    public static FormationOptions Default { get; } = new();

    /// <summary>
    /// How many nearest coalitions (by integer centroid) a coalition tries to merge with, and a member tries to
    /// switch to; also how many nearest counterparts each seller and buyer considers for the initial pairs.
    /// </summary>
    public int NeighbourCandidates { get; init; } = 8;

    /// <summary>No merge or switch may create a coalition larger than this (bounds the min-cost flow and Shapley cost).</summary>
    public int MaxCoalitionSize { get; init; } = 32;

    /// <summary>
    /// Coalitions up to this size try every split into two parts (2^(m-1) - 1 of them); larger ones try only
    /// removing one member and the two median cuts along x and along y.
    /// </summary>
    public int SplitExhaustiveMaxSize { get; init; } = 8;

    /// <summary>Hard cap on merge/split/switch rounds. The process terminates without it (see docs/poeg.md); this only bounds work.</summary>
    public int MaxRounds { get; init; } = 100;

    /// <summary>Whether individual switch operations (one member moves to another coalition) are tried.</summary>
    public bool EnableSwitches { get; init; } = true;

    /// <summary>Which switch moves are accepted (see <see cref="Market.SwitchRule"/>).</summary>
    public SwitchRule SwitchRule { get; init; } = SwitchRule.IndividualStability;

    /// <summary>Test knob: find nearest neighbours by full scans instead of the grid (same answers, slower).</summary>
    internal bool FullScanNeighbours { get; init; }

    /// <summary>Optional sink for per-iteration scores and partitions (tests, reports). Never affects the result.</summary>
    public FormationTrace? Trace { get; init; }

    internal void Validate()
    {
        if (NeighbourCandidates < 1 || NeighbourCandidates > 1024)
        {
            throw new ArgumentException($"NeighbourCandidates must be in 1..1024, was {NeighbourCandidates}");
        }

        if (MaxCoalitionSize < 2 || MaxCoalitionSize > 4096)
        {
            throw new ArgumentException($"MaxCoalitionSize must be in 2..4096, was {MaxCoalitionSize}");
        }

        if (SplitExhaustiveMaxSize < 2 || SplitExhaustiveMaxSize > 16)
        {
            throw new ArgumentException($"SplitExhaustiveMaxSize must be in 2..16, was {SplitExhaustiveMaxSize}");
        }

        if (MaxRounds < 0)
        {
            throw new ArgumentException($"MaxRounds must be non-negative, was {MaxRounds}");
        }
    }
}
