using EnergyChain.Core.Transactions;

namespace EnergyChain.EvLearning;

/// <summary>
/// No V2V counterparty at all: every kWh charged is bought from the grid at the hour's time-of-use price and nothing
/// can be sold. The reference "what an EV earns without V2V trading".
/// </summary>
public sealed class GridOnlyV2vMarket : IV2vMarket
{
    private GridOnlyV2vMarket()
    {
    }

    public static GridOnlyV2vMarket Instance { get; } = new();

    public string Name => "grid only (no V2V)";

    public V2vFill Clear(EvEpisode episode, int hour, V2vSide side, double kwh, double limitPrice) => new(0.0, 0.0);
}
