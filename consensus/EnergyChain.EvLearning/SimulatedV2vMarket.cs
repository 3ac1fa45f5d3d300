using EnergyChain.Core.Market;
using EnergyChain.Core.Transactions;

namespace EnergyChain.EvLearning;

/// <summary>
/// A site's hourly V2V auction against a seeded population of other EVs, cleared with the chain's own uniform-price
/// double auction (<see cref="DoubleAuction.Clear"/>: price = midpoint of the last matched pair, partial fills).
/// Each hour the other EVs' orders are drawn from (market seed, episode seed, hour) only, never from the EV's own
/// order, so a day's order book is fixed and the DP optimum can plan against it. Their limits scatter around the
/// hour's V2V price; their number depends on the time-of-use period because the other EVs follow the same tariff:
/// off-peak most of them buy, on-peak most of them sell, mid-peak is balanced.
/// </summary>
public sealed class SimulatedV2vMarket : IV2vMarket
{
    /// <summary>Integer price units per environment price unit: fine enough that rounding the limits does not move the clearing price.</summary>
    public const double PriceScale = 10_000.0;

    private readonly ulong _seed;

    public SimulatedV2vMarket(ulong seed)
    {
        _seed = seed;
    }

    public string Name => "matched (double auction against simulated EVs)";

    /// <summary>Fewest other sellers per hour, indexed by <see cref="TouPeriod"/> (off, mid, on).</summary>
    public IReadOnlyList<int> SellersMin { get; init; } = [0, 1, 2];

    /// <summary>Most other sellers per hour, indexed by <see cref="TouPeriod"/>.</summary>
    public IReadOnlyList<int> SellersMax { get; init; } = [2, 4, 5];

    /// <summary>Fewest other buyers per hour, indexed by <see cref="TouPeriod"/>.</summary>
    public IReadOnlyList<int> BuyersMin { get; init; } = [2, 1, 1];

    /// <summary>Most other buyers per hour, indexed by <see cref="TouPeriod"/>.</summary>
    public IReadOnlyList<int> BuyersMax { get; init; } = [5, 4, 4];

    /// <summary>Other EVs' order sizes are uniform in [<see cref="OrderMinKwh"/>, <see cref="OrderMaxKwh"/>].</summary>
    public double OrderMinKwh { get; init; } = 1.0;

    public double OrderMaxKwh { get; init; } = 6.0;

    /// <summary>Other EVs' limits are the hour's V2V price times N(1, <see cref="LimitSpread"/>^2).</summary>
    public double LimitSpread { get; init; } = 0.08;

    public V2vFill Clear(EvEpisode episode, int hour, V2vSide side, double kwh, double limitPrice)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var wh = (long)Math.Round(kwh * 1000.0, MidpointRounding.AwayFromZero);
        var expected = episode.V2vPrice[hour];
        if (wh <= 0)
        {
            return new V2vFill(0.0, expected);
        }

        var rng = new Xoshiro256StarStar(Xoshiro256StarStar.DeriveSeed(Xoshiro256StarStar.DeriveSeed(_seed, episode.Seed), (ulong)hour));
        var period = (int)EvConfig.PeriodOf(hour);
        var sellers = SellersMin[period] + rng.NextInt(SellersMax[period] - SellersMin[period] + 1);
        var buyers = BuyersMin[period] + rng.NextInt(BuyersMax[period] - BuyersMin[period] + 1);
        var sells = new DoubleAuction.Order[sellers + (side == V2vSide.Sell ? 1 : 0)];
        var buys = new DoubleAuction.Order[buyers + (side == V2vSide.Buy ? 1 : 0)];
        for (var i = 0; i < sellers; i++)
        {
            sells[i] = Other(rng, i + 1, expected);
        }

        for (var i = 0; i < buyers; i++)
        {
            buys[i] = Other(rng, i + 1, expected);
        }

        // The EV's id is the highest, so it loses price ties to the other EVs (ties go to the lower id).
        const long Own = long.MaxValue;
        var own = new DoubleAuction.Order(Own, wh, Math.Max(0, (long)Math.Round(limitPrice * PriceScale)));
        if (side == V2vSide.Sell)
        {
            sells[^1] = own;
        }
        else
        {
            buys[^1] = own;
        }

        var matches = DoubleAuction.Clear(sells, buys, out var price);
        long matched = 0;
        foreach (var m in matches)
        {
            if ((side == V2vSide.Sell ? m.Offer : m.Bid) == Own)
            {
                matched += m.Energy;
            }
        }

        // A full fill returns the order's exact size so that the SOC lands on the same lattice as the fixed market.
        return new V2vFill(matched == wh ? kwh : matched / 1000.0, matched > 0 ? price / PriceScale : expected);
    }

    private DoubleAuction.Order Other(Xoshiro256StarStar rng, long id, double expected)
    {
        var kwh = OrderMinKwh + (rng.NextDouble() * (OrderMaxKwh - OrderMinKwh));
        var price = expected * Math.Max(0.1, rng.NextGaussian(1.0, LimitSpread));
        return new DoubleAuction.Order(id, Math.Max(1, (long)Math.Round(kwh * 1000.0)), Math.Max(0, (long)Math.Round(price * PriceScale)));
    }
}
