using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("EnergyChain.Consensus.Tests")]

namespace EnergyChain.Consensus.Market;

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
