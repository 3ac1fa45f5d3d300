using EnergyChain.Core.Transactions;

namespace EnergyChain.EvLearning;

/// <summary>
/// The thesis's set-up (section 4.4.1): every order is filled in full at the hour's drawn V2V price, whatever its
/// limit. It is <see cref="EvConfig.Default"/>'s market, so the chapter 4 results stay reproducible bit for bit.
/// </summary>
public sealed class FixedPriceV2vMarket : IV2vMarket
{
    private FixedPriceV2vMarket()
    {
    }

    public static FixedPriceV2vMarket Instance { get; } = new();

    public string Name => "fixed price, always filled (thesis)";

    public V2vFill Clear(EvEpisode episode, int hour, V2vSide side, double kwh, double limitPrice)
    {
        ArgumentNullException.ThrowIfNull(episode);
        return new V2vFill(kwh, episode.V2vPrice[hour]);
    }
}
