using EnergyChain.Core.Transactions;

namespace EnergyChain.EvLearning;

/// <summary>
/// What happens to the EV's V2V order in one hour: how much of it another EV takes and at what price. The environment
/// executes only the matched energy at that price; an unmatched charge comes from the grid at the hour's grid
/// price and an unmatched discharge stays in the battery (<see cref="EvEnvironment.Transition"/>).
/// Implementations must be pure functions of (episode seed, hour, order) so that episodes replay identically and the
/// DP optimum can plan against them.
/// </summary>
public interface IV2vMarket
{
    /// <summary>Short name for reports.</summary>
    string Name { get; }

    /// <summary>
    /// Clears the EV's order of <paramref name="kwh"/> (&gt; 0) on <paramref name="side"/> with limit
    /// <paramref name="limitPrice"/> (environment units per kWh) in hour <paramref name="hour"/> of
    /// <paramref name="episode"/>.
    /// </summary>
    V2vFill Clear(EvEpisode episode, int hour, V2vSide side, double kwh, double limitPrice);
}
