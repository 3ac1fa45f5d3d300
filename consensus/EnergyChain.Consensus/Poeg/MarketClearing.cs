using EnergyChain.Consensus.Market;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Market;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// Clears one market slot from the households' orders (in address order) and their balances in the parent state:
/// <list type="number">
/// <item>coalition formation (Algorithm 3) over the orders;</item>
/// <item>one price per coalition: the uniform-price double auction over its members' trades (sellers offer what
/// they sell to members at their minimum price, buyers bid what they buy from members at their maximum). If the
/// auction's price misses any member's limit, those members are excluded and formation runs again without them:
/// they trade with the EDC only this slot;</item>
/// <item>each member's mining fee, delta x saved Wh x the energy value (eq. 3.23, Lemma 2), and its payment into
/// escrow for what it buys; a household whose balance cannot cover both is excluded and formation runs again.</item>
/// </list>
/// Every round excludes at least one household or ends, so at most n + 1 formations run; in practice one or two.
/// Everything is integer and ordered, so every validator computes the same bytes.
/// </summary>
public static class MarketClearing
{
    public static MarketSettlement Clear(ulong slot, IReadOnlyList<MarketParticipant> orders, Func<Address, ulong> balanceOf, PoegParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(balanceOf);
        ArgumentNullException.ThrowIfNull(parameters);
        var excluded = new List<ExcludedHousehold>();
        var excludedAddresses = new HashSet<Address>();
        while (true)
        {
            var participants = orders.Where(o => !excludedAddresses.Contains(o.Address)).ToArray();
            var outcome = CoalitionFormation.Form([.. participants.Select(p => p.Input)], parameters.Grid);
            var prices = new ulong[outcome.Coalitions.Count];
            var missed = new List<ExcludedHousehold>();
            for (var c = 0; c < prices.Length; c++)
            {
                prices[c] = ClearCoalition(participants, outcome, c, missed);
            }

            if (missed.Count == 0)
            {
                var contributions = participants.Select((_, i) => MiningFee(outcome.Members[i], parameters)).ToArray();
                UInt128 reward = 0;
                foreach (var fee in contributions)
                {
                    reward += fee;
                }

                var settlement = new MarketSettlement(slot, Saturate(reward), participants, outcome, prices, contributions, Sorted(excluded));
                for (var i = 0; i < participants.Length; i++)
                {
                    var needed = Saturate((UInt128)settlement.EscrowOf(i) + contributions[i]);
                    var balance = balanceOf(participants[i].Address);
                    if (balance < needed)
                    {
                        missed.Add(new ExcludedHousehold(participants[i], ExclusionReason.Funds, 0, needed, balance));
                    }
                }

                if (missed.Count == 0)
                {
                    return settlement;
                }
            }

            foreach (var household in missed)
            {
                excludedAddresses.Add(household.Address);
                excluded.Add(household);
            }
        }
    }

    /// <summary>The mining fee a member pays from its savings: floor(saved Wh x value x delta / 10^6).</summary>
    public static ulong MiningFee(MemberOutcome member, PoegParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var saved = member.LossAloneWh - member.LossInCoalitionWh;
        return saved <= 0 ? 0 : Saturate((UInt128)(ulong)saved * parameters.PriceMicroPerWh * parameters.DeltaPpm / 1_000_000);
    }

    /// <summary>Clears coalition <paramref name="c"/>'s member trades; adds the members whose limit the price misses.</summary>
    private static ulong ClearCoalition(MarketParticipant[] participants, MarketOutcome outcome, int c, List<ExcludedHousehold> missed)
    {
        var sold = new Dictionary<int, long>();
        var bought = new Dictionary<int, long>();
        foreach (var trade in outcome.Trades)
        {
            if (MarketSettlement.IsMemberTrade(trade) && outcome.Members[trade.From].CoalitionIndex == c)
            {
                sold[trade.From] = sold.GetValueOrDefault(trade.From) + trade.EnergyWh;
                bought[trade.To] = bought.GetValueOrDefault(trade.To) + trade.EnergyWh;
            }
        }

        if (sold.Count == 0)
        {
            return 0;
        }

        // Ids are participant indices, so the auction's ties (lower id first) follow address order.
        var offers = sold.OrderBy(s => s.Key).Select(s => new DoubleAuction.Order(s.Key, s.Value, (long)participants[s.Key].MinSellMicroPerWh)).ToArray();
        var bids = bought.OrderBy(b => b.Key).Select(b => new DoubleAuction.Order(b.Key, b.Value, (long)participants[b.Key].MaxBuyMicroPerWh)).ToArray();
        var matches = DoubleAuction.Clear(offers, bids, out var price);
        if (matches.Count == 0)
        {
            // Nothing matches (every bid below every offer): the midpoint of the best pair still excludes someone.
            price = (long)(((Int128)offers[0].Price + bids[0].Price) / 2);
        }

        foreach (var offer in offers.OrderBy(o => o.Id))
        {
            if (offer.Price > price)
            {
                missed.Add(new ExcludedHousehold(participants[offer.Id], ExclusionReason.PriceLimits, (ulong)price, 0, 0));
            }
        }

        foreach (var bid in bids.OrderBy(b => b.Id))
        {
            if (bid.Price < price)
            {
                missed.Add(new ExcludedHousehold(participants[bid.Id], ExclusionReason.PriceLimits, (ulong)price, 0, 0));
            }
        }

        return (ulong)price;
    }

    private static ExcludedHousehold[] Sorted(List<ExcludedHousehold> excluded) =>
        [.. excluded.OrderBy(e => e.Address)];

    private static ulong Saturate(UInt128 value) => value > ulong.MaxValue ? ulong.MaxValue : (ulong)value;
}
