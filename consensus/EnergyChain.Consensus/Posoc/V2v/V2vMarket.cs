using EnergyChain.Core.Crypto;
using EnergyChain.Core.Market;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Posoc.V2v;

/// <summary>
/// The V2V market's two computations, both pure functions of the parent state so the mLAG and every validator get
/// the same bytes:
/// <list type="bullet">
/// <item><see cref="Match"/>: in the block that opens hour h, each site's intents for h go through the uniform-price
/// double auction (<see cref="DoubleAuction"/>, the same one the household market and the trading contract use). A
/// buyer whose balance cannot cover its match is left out and the site clears again without it, so every escrow
/// that the block takes is there.</item>
/// <item><see cref="Settle"/>: in the block that opens hour h + 2, each trade settles on the smaller of the two
/// charger readings (a buyer that did not report is taken to agree with the seller, so staying silent cannot void a
/// delivery; a seller that did not report delivered nothing). The seller is paid for the confirmed energy, the buyer
/// gets the rest of its escrow back, and a seller short of what it matched pays <c>v2vPenaltyPpm</c> of the
/// shortfall's grid price, as far as its balance allows.</item>
/// </list>
/// </summary>
public static class V2vMarket
{
    /// <summary>
    /// Hour <paramref name="hour"/>'s matching over the intents of <paramref name="evsInOrder"/> (sorted by address)
    /// in <paramref name="state"/>, or null when nobody posted one; <paramref name="spendable"/> is what each EV can
    /// pay at this point of the block (after the block's earlier debits).
    /// </summary>
    public static V2vMatching? Match(IReadOnlyList<Address> evsInOrder, IStateReader state, ulong hour, Func<Address, ulong> spendable)
    {
        ArgumentNullException.ThrowIfNull(evsInOrder);
        ArgumentNullException.ThrowIfNull(spendable);
        var orders = new List<V2vOrder>();
        foreach (var ev in evsInOrder)
        {
            if (V2vLedger.Intent(state, hour, ev) is { } intent)
            {
                orders.Add(V2vOrder.From(ev, intent));
            }
        }

        if (orders.Count == 0)
        {
            return null;
        }

        var matched = new ulong[orders.Count];
        var excluded = new bool[orders.Count];
        var trades = new List<V2vTrade>();
        var sites = new List<V2vSiteClearing>();
        foreach (var site in orders.Select(o => o.Site).Distinct().Order())
        {
            var (price, matches) = ClearSite(orders, site, excluded, spendable);
            ulong siteMatched = 0;
            foreach (var match in matches)
            {
                trades.Add(new V2vTrade((int)match.Offer, (int)match.Bid, site, (ulong)match.Energy, (ulong)price));
                matched[match.Offer] += (ulong)match.Energy;
                matched[match.Bid] += (ulong)match.Energy;
                siteMatched += (ulong)match.Energy;
            }

            var atSite = orders.Where(o => o.Site == site).ToList();
            sites.Add(new V2vSiteClearing(
                site,
                (ulong)price,
                siteMatched,
                Sum(atSite.Where(o => o.Side == V2vSide.Sell)) - siteMatched,
                Sum(atSite.Where(o => o.Side == V2vSide.Buy)) - siteMatched));
        }

        var result = orders.Select((o, i) => o with { MatchedWh = matched[i], ExcludedForFunds = excluded[i] }).ToList();
        return new V2vMatching(hour, result, sites, trades);
    }

    /// <summary>
    /// Settles <paramref name="matching"/> on the delivery reports in <paramref name="state"/>; one entry per trade.
    /// </summary>
    public static V2vSettlement Settle(PosocParameters parameters, V2vMatching matching, IStateReader state, Func<Address, ulong> spendable)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(matching);
        ArgumentNullException.ThrowIfNull(spendable);
        var grid = parameters.GridPriceMicroPerWh(matching.Hour);
        var offPeak = (long)parameters.OffPeakMicroPerWh;
        var penaltiesPaid = new Dictionary<Address, ulong>(); // lookups only: never iterated
        var result = new List<V2vTradeSettlement>(matching.Trades.Count);
        foreach (var trade in matching.Trades)
        {
            var seller = matching.Orders[trade.Seller].Ev;
            var buyer = matching.Orders[trade.Buyer].Ev;
            var sellerReport = V2vLedger.Report(state, matching.Hour, seller, buyer);
            var buyerReport = V2vLedger.Report(state, matching.Hour, buyer, seller);
            var delivered = Math.Min(trade.EnergyWh, sellerReport ?? 0);
            var confirmed = Math.Min(delivered, buyerReport ?? delivered);
            var discrepancy = sellerReport is { } s && buyerReport is { } b ? (s > b ? s - b : b - s) : 0;
            var paid = confirmed * trade.PriceMicroPerWh;
            var shortfall = trade.EnergyWh - delivered;
            var penalty = (ulong)UInt128.Min((UInt128)shortfall * grid * parameters.V2vPenaltyPpm / 1_000_000, ulong.MaxValue);
            var already = penaltiesPaid.GetValueOrDefault(seller);
            var penaltyPaid = Math.Min(penalty, spendable(seller) - Math.Min(already, spendable(seller)));
            penaltiesPaid[seller] = already + penaltyPaid;
            result.Add(new V2vTradeSettlement(
                sellerReport,
                buyerReport,
                confirmed,
                paid,
                trade.EscrowMicro - paid,
                shortfall,
                penalty,
                penaltyPaid,
                discrepancy,
                (long)confirmed * ((long)trade.PriceMicroPerWh - offPeak)));
        }

        return new V2vSettlement(matching.Hour, result);
    }

    private static (long Price, List<DoubleAuction.Match> Matches) ClearSite(List<V2vOrder> orders, uint site, bool[] excluded, Func<Address, ulong> spendable)
    {
        while (true)
        {
            var sells = Orders(orders, site, V2vSide.Sell, excluded);
            var buys = Orders(orders, site, V2vSide.Buy, excluded);
            var matches = DoubleAuction.Clear(sells, buys, out var price);
            var anyShort = false;
            foreach (var buyer in matches.Select(m => m.Bid).Distinct())
            {
                var bought = matches.Where(m => m.Bid == buyer).Aggregate(0UL, (sum, m) => sum + (ulong)m.Energy);
                if (bought * (ulong)price > spendable(orders[(int)buyer].Ev))
                {
                    excluded[buyer] = true;
                    anyShort = true;
                }
            }

            if (!anyShort)
            {
                return (price, matches);
            }
        }
    }

    private static DoubleAuction.Order[] Orders(List<V2vOrder> orders, uint site, V2vSide side, bool[] excluded) =>
        [.. orders.Select((o, i) => (o, i))
            .Where(x => x.o.Site == site && x.o.Side == side && !excluded[x.i])
            .Select(x => new DoubleAuction.Order(x.i, (long)x.o.EnergyWh, (long)x.o.PriceMicroPerWh))];

    private static ulong Sum(IEnumerable<V2vOrder> orders) => orders.Aggregate(0UL, (sum, o) => sum + o.EnergyWh);
}
