using EnergyChain.Consensus.Market;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// Settles a cleared slot on what the meters say was delivered (computed from the parent state of the settlement
/// block, recomputed by every validator):
/// <list type="bullet">
/// <item>A seller's delivery is its metered net export, max(0, produced - consumed); no reading by the deadline
/// counts as zero. Its member sales are served first, so it delivered min(contracted, export) of them, spread over
/// its trades in proportion to their energy (largest remainders, ties to the earlier trade).</item>
/// <item>Each trade's escrowed payment goes to the seller for the delivered Wh and back to the buyer for the
/// rest.</item>
/// <item>The shortfall is bought from the EDC at the retail tariff and charged to the seller, plus the penalty
/// (<see cref="PoegParameters.ShortfallPenaltyPpm"/> of that charge); its balance after the payments covers what it
/// can, the charge first.</item>
/// <item>A buyer that consumed less than it bought still pays for what was delivered to it (take or pay): the
/// seller's energy went into the grid as contracted, and the buyer's own deviation is the EDC's to bill.</item>
/// <item>The mining reward M_r (the fees collected at clearing) goes to the winning coalition in Shapley shares; a
/// member slashed since the slot cleared has its share withheld (eq. 3.24), and a withheld share is burned (sent to
/// the penalty contract, where confiscated money stays). If no coalition won, the fees go back to their payers.</item>
/// </list>
/// </summary>
public static class MarketDelivery
{
    public static DeliverySettlement Settle(
        MarketSettlement clearing,
        Func<Address, HouseholdRecord?> household,
        IStateReader parent,
        (IReadOnlyList<int> Members, long[] Shares) reward,
        PoegParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(clearing);
        ArgumentNullException.ThrowIfNull(household);
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(parameters);
        var n = clearing.Participants.Count;
        var trades = clearing.MemberTrades.ToArray();
        var delivered = new ulong[trades.Length];
        var readings = new (bool Present, ulong Produced, ulong Consumed)[n];
        var deliveredBy = new ulong[n];
        var shortfall = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            var record = household(clearing.Participants[i].Address);
            readings[i] = record is not null && record.ReadingSlot == clearing.Slot ? (true, record.ProducedWh, record.ConsumedWh) : (false, 0, 0);
            var mine = Enumerable.Range(0, trades.Length).Where(t => trades[t].From == i).ToArray();
            if (mine.Length == 0)
            {
                continue;
            }

            var contracted = mine.Aggregate(0UL, (sum, t) => sum + (ulong)trades[t].EnergyWh);
            var export = readings[i].Produced > readings[i].Consumed ? readings[i].Produced - readings[i].Consumed : 0;
            deliveredBy[i] = Math.Min(contracted, export);
            shortfall[i] = contracted - deliveredBy[i];
            Spread(deliveredBy[i], contracted, mine, trades, delivered);
        }

        var received = new UInt128[n];
        var refunded = new UInt128[n];
        for (var t = 0; t < trades.Length; t++)
        {
            var price = clearing.PriceOf(trades[t]);
            received[trades[t].From] += (UInt128)delivered[t] * price;
            refunded[trades[t].To] += (UInt128)((ulong)trades[t].EnergyWh - delivered[t]) * price;
        }

        var shares = new ulong[n];
        for (var k = 0; k < reward.Members.Count; k++)
        {
            shares[reward.Members[k]] = (ulong)Math.Max(0, reward.Shares[k]);
        }

        var refundFees = reward.Members.Count == 0 && clearing.RewardMicro > 0;
        var since = parameters.SettlementHeightOf(clearing.Slot);
        var households = new HouseholdDelivery[n];
        for (var i = 0; i < n; i++)
        {
            var account = parent.GetAccount(clearing.Participants[i].Address);
            var charge = Saturate((UInt128)shortfall[i] * parameters.RetailMicroPerWh);
            var penalty = Saturate((UInt128)charge * parameters.ShortfallPenaltyPpm / 1_000_000);
            var available = Saturate((UInt128)account.Balance + received[i] + refunded[i]);
            var chargePaid = Math.Min(available, charge);
            var penaltyPaid = Math.Min(available - chargePaid, penalty);
            households[i] = new HouseholdDelivery(
                readings[i].Present,
                readings[i].Produced,
                readings[i].Consumed,
                deliveredBy[i],
                shortfall[i],
                charge,
                chargePaid,
                penalty,
                penaltyPaid,
                shares[i],
                shares[i] > 0 && account.LastSlashedHeight >= since,
                refundFees ? clearing.Contributions[i] : 0);
        }

        return new DeliverySettlement(clearing.Slot, households, delivered);
    }

    /// <summary>Spreads <paramref name="amount"/> over a seller's trades in proportion to their energy (largest remainders).</summary>
    private static void Spread(ulong amount, ulong contracted, int[] mine, EnergyTrade[] trades, ulong[] delivered)
    {
        var remainders = new (UInt128 Remainder, int Trade)[mine.Length];
        var left = amount;
        for (var k = 0; k < mine.Length; k++)
        {
            var exact = (UInt128)(ulong)trades[mine[k]].EnergyWh * amount;
            delivered[mine[k]] = (ulong)(exact / contracted);
            left -= delivered[mine[k]];
            remainders[k] = (exact % contracted, k);
        }

        foreach (var (_, k) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Trade).Take((int)left))
        {
            delivered[mine[k]]++;
        }
    }

    private static ulong Saturate(UInt128 value) => value > ulong.MaxValue ? ulong.MaxValue : (ulong)value;
}
