using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("EnergyChain.Consensus.Tests")]

namespace EnergyChain.Consensus.Market;

/// <summary>
/// One prosumer's forecast for the trading period (thesis 3.2.4: P_i, C_i and location l_i). The position in the
/// list handed to <see cref="CoalitionFormation.Form"/> is the prosumer's identity; callers sort members by address
/// so that every node builds the same list.
/// </summary>
/// <param name="XMetres">East coordinate in metres (|x| &lt;= 10^8).</param>
/// <param name="YMetres">North coordinate in metres (|y| &lt;= 10^8).</param>
/// <param name="ProductionWh">Forecast production P_i in Wh (0 .. 10^12).</param>
/// <param name="ConsumptionWh">Forecast consumption C_i in Wh (0 .. 10^12).</param>
public readonly record struct ProsumerInput(long XMetres, long YMetres, long ProductionWh, long ConsumptionWh)
{
    /// <summary>P_i - C_i: positive for a seller, negative for a buyer, zero for a prosumer that does not trade.</summary>
    public long BalanceWh => ProductionWh - ConsumptionWh;
}

/// <summary>
/// The grid as the loss model sees it (thesis eq. 3.1-3.2 simplified, DESIGN.md section 6): moving E Wh over d metres
/// loses floor(E * LossPpmPerKm * d / 10^9) Wh, d being the Euclidean distance rounded down to whole metres.
/// </summary>
/// <param name="EdcXMetres">East coordinate of the electricity distribution centre (EDC).</param>
/// <param name="EdcYMetres">North coordinate of the EDC.</param>
/// <param name="LossPpmPerKm">Line loss per kilometre in parts per million of the energy moved (0 .. 10^6).</param>
public sealed record GridParameters(long EdcXMetres, long EdcYMetres, long LossPpmPerKm);

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

/// <summary>Acceptance rule for a member moving from coalition A to coalition T.</summary>
public enum SwitchRule
{
    /// <summary>Nobody in A or T (mover included) loses and somebody gains: a Pareto improvement.</summary>
    Pareto = 0,

    /// <summary>The mover strictly gains, nobody in T loses, and the sum of all scores strictly increases (A may lose).</summary>
    MoverGainsAndSumIncreases = 1,

    /// <summary>
    /// The default. The mover strictly gains and nobody in T loses (an individual-stability move); the members left
    /// in A may lose. Needed for the final partition to be individually stable; it gives up the potential-function
    /// termination argument, so convergence is checked and work bounded by <see cref="FormationOptions.MaxRounds"/>.
    /// </summary>
    IndividualStability = 2,
}

/// <summary>One recorded step of the formation: the partition and every prosumer's score after it.</summary>
/// <param name="Phase">"singletons", "pairs" or "round".</param>
/// <param name="Iteration">0 for singletons and pairs, then the round number from 1.</param>
/// <param name="Partition">Coalitions as sorted member indices, ordered by their smallest member.</param>
/// <param name="Scores">PS_Si of every prosumer (PS_i for singletons).</param>
public sealed record TraceStep(string Phase, int Iteration, IReadOnlyList<IReadOnlyList<int>> Partition, IReadOnlyList<long> Scores);

/// <summary>Collects <see cref="TraceStep"/>s when passed in <see cref="FormationOptions.Trace"/>.</summary>
public sealed class FormationTrace
{
    private readonly List<TraceStep> _steps = [];

    public IReadOnlyList<TraceStep> Steps => _steps;

    internal void Add(TraceStep step) => _steps.Add(step);
}
