using EnergyChain.Core.Transactions;

namespace EnergyChain.EvLearning;

/// <summary>
/// A market model learned from the EV's own trades: per hour of day and side, the share of the posted energy that
/// matched and the clearing price relative to the price the EV expected. Until trades are recorded it answers like its
/// prior market; the recorded figures take over as their volume grows (weight = recorded intent kWh / (that +
/// <see cref="PriorWeightKwh"/>)), so a few unlucky hours do not flip the policy. The answer is the expected fill,
/// deterministic, so episodes still replay identically between two recordings.
/// </summary>
public sealed class EmpiricalV2vMarket : IV2vMarket
{
    private readonly double[,] _intentKwh = new double[24, 2];
    private readonly double[,] _matchedKwh = new double[24, 2];
    private readonly double[,] _priceRatioKwh = new double[24, 2];

    public EmpiricalV2vMarket(IV2vMarket prior, double priorWeightKwh = 12.0)
    {
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priorWeightKwh);
        Prior = prior;
        PriorWeightKwh = priorWeightKwh;
    }

    public IV2vMarket Prior { get; }

    /// <summary>Recorded intent volume (kWh) at which the recorded figures and the prior weigh the same.</summary>
    public double PriorWeightKwh { get; }

    /// <summary>Number of trades recorded.</summary>
    public int Trades { get; private set; }

    public string Name => "empirical (own trades) over " + Prior.Name;

    /// <summary>
    /// Records one hour's outcome: <paramref name="intentKwh"/> posted, <paramref name="matchedKwh"/> of it traded at
    /// <paramref name="priceRatio"/> x the price the EV expected for the hour.
    /// </summary>
    public void Record(int hourOfDay, V2vSide side, double intentKwh, double matchedKwh, double priceRatio)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hourOfDay);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hourOfDay, 23);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intentKwh);
        ArgumentOutOfRangeException.ThrowIfNegative(matchedKwh);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(matchedKwh, intentKwh);
        ArgumentOutOfRangeException.ThrowIfNegative(priceRatio);
        var s = SideIndex(side);
        _intentKwh[hourOfDay, s] += intentKwh;
        _matchedKwh[hourOfDay, s] += matchedKwh;
        _priceRatioKwh[hourOfDay, s] += priceRatio * matchedKwh;
        Trades++;
    }

    /// <summary>Recorded share of the posted energy that matched, or null before any trade at that hour and side.</summary>
    public double? FillRatio(int hourOfDay, V2vSide side)
    {
        var s = SideIndex(side);
        return _intentKwh[hourOfDay, s] > 0 ? _matchedKwh[hourOfDay, s] / _intentKwh[hourOfDay, s] : null;
    }

    /// <summary>Recorded volume-weighted clearing price / expected price, or null before any matched energy.</summary>
    public double? PriceRatio(int hourOfDay, V2vSide side)
    {
        var s = SideIndex(side);
        return _matchedKwh[hourOfDay, s] > 0 ? _priceRatioKwh[hourOfDay, s] / _matchedKwh[hourOfDay, s] : null;
    }

    public V2vFill Clear(EvEpisode episode, int hour, V2vSide side, double kwh, double limitPrice)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var prior = Prior.Clear(episode, hour, side, kwh, limitPrice);
        var s = SideIndex(side);
        var recorded = _intentKwh[hour, s];
        if (recorded <= 0)
        {
            return prior;
        }

        var w = recorded / (recorded + PriorWeightKwh);
        var matched = (w * kwh * _matchedKwh[hour, s] / recorded) + ((1 - w) * prior.MatchedKwh);
        var price = PriceRatio(hour, side) is { } ratio
            ? (w * ratio * episode.V2vPrice[hour]) + ((1 - w) * prior.Price)
            : prior.Price;
        return new V2vFill(Math.Min(matched, kwh), price);
    }

    private static int SideIndex(V2vSide side) => side switch
    {
        V2vSide.Sell => 0,
        V2vSide.Buy => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(side)),
    };
}
