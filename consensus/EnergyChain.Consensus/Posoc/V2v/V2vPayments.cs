using EnergyChain.Consensus.Market;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Posoc.V2v;

/// <summary>
/// The V2V market's money and records, applied in block execution: at matching the buyers' payments go into
/// <see cref="SystemAddresses.MarketEscrow"/>; at settlement the escrow goes to sellers (confirmed energy) and back
/// to buyers (the rest), penalties go to the penalty contract (<c>shortfall_penalty</c>, as for households), and
/// each EV's totals and realised profit (which the round's mLAG fee is taken from, eq. 4.20) are updated.
/// </summary>
internal static class V2vPayments
{
    public static string? Escrow(StateOverlay state, V2vMatching matching)
    {
        foreach (var trade in matching.Trades)
        {
            if (BalanceMoves.Move(state, matching.Orders[trade.Buyer].Ev, SystemAddresses.MarketEscrow, trade.EscrowMicro) is { } error)
            {
                return $"hour {matching.Hour} V2V escrow: {error}";
            }
        }

        V2vLedger.SetMatching(state, matching);
        foreach (var order in matching.Orders)
        {
            V2vLedger.SetIntent(state, matching.Hour, order.Ev, null);
        }

        return null;
    }

    public static string? Settle(
        StateOverlay state, PosocParameters parameters, V2vMatching matching, V2vSettlement settlement, ulong round, ISystemContractCaller? contracts, ContractContext context)
    {
        for (var t = 0; t < matching.Trades.Count; t++)
        {
            var trade = matching.Trades[t];
            var s = settlement.Trades[t];
            var seller = matching.Orders[trade.Seller].Ev;
            var buyer = matching.Orders[trade.Buyer].Ev;
            if ((BalanceMoves.Move(state, SystemAddresses.MarketEscrow, seller, s.PaidMicro)
                ?? BalanceMoves.Move(state, SystemAddresses.MarketEscrow, buyer, s.RefundMicro)
                ?? Penalize(state, seller, s, contracts, context)) is { } error)
            {
                return $"hour {matching.Hour} V2V settlement, trade {t}: {error}";
            }

            var discrepancies = s.DiscrepancyWh > 0 ? 1UL : 0UL;
            var sold = V2vLedger.Totals(state, seller);
            V2vLedger.SetTotals(state, seller, sold with
            {
                SoldWh = sold.SoldWh + s.ConfirmedWh,
                RevenueMicro = sold.RevenueMicro + s.PaidMicro,
                PenaltiesMicro = sold.PenaltiesMicro + s.PenaltyPaidMicro,
                Discrepancies = sold.Discrepancies + discrepancies,
                DiscrepancyWh = sold.DiscrepancyWh + s.DiscrepancyWh,
                ProfitMicro = sold.ProfitMicro + s.SellerProfitMicro,
                Trades = sold.Trades + 1,
            });
            var bought = V2vLedger.Totals(state, buyer);
            V2vLedger.SetTotals(state, buyer, bought with
            {
                BoughtWh = bought.BoughtWh + s.ConfirmedWh,
                SpentMicro = bought.SpentMicro + s.PaidMicro,
                Discrepancies = bought.Discrepancies + discrepancies,
                DiscrepancyWh = bought.DiscrepancyWh + s.DiscrepancyWh,
                Trades = bought.Trades + 1,
            });

            // R_t of eq. 4.20 is realised profit: it joins the profit of the round this settlement falls in.
            var record = PosocLedger.Ev(state, seller);
            PosocLedger.SetEv(state, seller, record with { ProfitRoundPlusOne = round + 1, ProfitMicro = record.ProfitIn(round) + s.SellerProfitMicro });
            V2vLedger.SetReport(state, matching.Hour, seller, buyer, null);
            V2vLedger.SetReport(state, matching.Hour, buyer, seller, null);
        }

        V2vLedger.SetSettlement(state, settlement);
        return null;
    }

    private static string? Penalize(StateOverlay state, Address seller, V2vTradeSettlement s, ISystemContractCaller? contracts, ContractContext context)
    {
        if (s.PenaltyPaidMicro == 0)
        {
            return null;
        }

        if (contracts is null)
        {
            return BalanceMoves.Move(state, seller, SystemAddresses.Penalty, s.PenaltyPaidMicro);
        }

        if (BalanceMoves.Debit(state, seller, s.PenaltyPaidMicro) is { } error)
        {
            return error;
        }

        var result = contracts.SystemCall(
            state, SystemAddresses.Penalty, PenaltyContractFunctions.ShortfallPenalty, [ContractArg.Of(seller.ToArray()), ContractArg.Int((long)Math.Min(s.PenaltyMicro, long.MaxValue))], s.PenaltyPaidMicro, context);
        return result.Ok ? null : $"the penalty contract refused the V2V shortfall penalty: {result.Error}";
    }
}
