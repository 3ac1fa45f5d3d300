using System.Globalization;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Membership;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Posoc.V2v;

/// <summary>
/// The V2V market as the API shows it, read from chain state: <c>/v1/v2v/{hour}</c> (intents, each site's price,
/// trades with both readings and their settlement) and <c>/v1/v2v/ev/{address}</c> (one EV's recent trades and its
/// totals since genesis), plus the V2V part of <c>/v1/consensus</c>.
/// </summary>
public sealed class V2vReadModel(PosocEngine engine, Blockchain chain)
{
    public static readonly EngineRoute HourRoute = new(
        "/v1/v2v/{hour}", "one hour of V2V trading: intents, each site's price, trades, both charger readings, settlement", "runs no V2V market");

    public static readonly EngineRoute EvRoute = new(
        "/v1/v2v/ev/{address}", "one EV's V2V trades of the last hours (?hours=N, default 48) and its totals", "runs no V2V market");

    /// <summary>How far back the views look for trades (two weeks of hours).</summary>
    public const ulong MaxLookbackHours = 24 * 14;

    /// <summary>
    /// How far back <c>/v1/consensus</c> looks for the last matched and settled hour: it is polled often (the devnet's
    /// EVs read it every step), so it reads at most two days of hour records rather than two weeks.
    /// </summary>
    public const ulong StatusLookbackHours = 48;

    private PosocParameters Parameters => engine.Parameters;

    private ulong CurrentHour => Parameters.HourOf(chain.Head.Height + 1);

    /// <summary>GET /v1/v2v/{hour}.</summary>
    public EngineResponse Hour(EngineQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = query["hour"] ?? string.Empty;
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var hour))
        {
            return EngineResponse.BadRequest($"hour '{text}' is not a whole number");
        }

        if (hour > CurrentHour + V2vChecks.MaxHoursAhead)
        {
            return EngineResponse.NotFound($"hour {hour} is more than {V2vChecks.MaxHoursAhead} hours ahead of hour {CurrentHour}: nobody can have posted an intent for it yet");
        }

        try
        {
            var matching = V2vLedger.Matching(chain, hour);
            var settlement = matching is null ? null : V2vLedger.Settlement(chain, hour);
            var orders = matching?.Orders ?? Pending(hour);
            return EngineResponse.Ok(new
            {
                hour,
                hourOfDay = hour % 24,
                state = matching is null ? "open" : settlement is null ? "matched" : "settled",
                matchHeight = Parameters.HourStartHeight(hour),
                settlementHeight = Parameters.HourStartHeight(hour + PosocParameters.SettlementDelayHours),
                gridPriceMicroPerWh = Parameters.GridPriceMicroPerWh(hour),
                sites = (matching?.Sites ?? []).Select(s => new
                {
                    site = s.Site,
                    name = SiteName(s.Site),
                    priceMicroPerWh = s.PriceMicroPerWh,
                    matchedWh = s.MatchedWh,
                    unmatchedSellWh = s.UnmatchedSellWh,
                    unmatchedBuyWh = s.UnmatchedBuyWh,
                }),
                intents = orders.Select(o => new
                {
                    ev = o.Ev.ToString(),
                    side = SideName(o.Side),
                    energyWh = o.EnergyWh,
                    priceMicroPerWh = o.PriceMicroPerWh,
                    site = o.Site,
                    siteName = SiteName(o.Site),
                    availableFromHour = o.AvailableFromHour,
                    availableUntilHour = o.AvailableUntilHour,
                    matchedWh = matching is null ? (ulong?)null : o.MatchedWh,
                    excluded = o.ExcludedForFunds ? "funds" : null,
                }),
                trades = matching is null ? [] : matching.Trades.Select((t, i) => TradeView(matching, settlement, i)).ToArray(),
            });
        }
        catch (DecodeException e)
        {
            return EngineResponse.Corrupt($"the V2V records of hour {hour} do not decode: {e.Message}");
        }
    }

    /// <summary>GET /v1/v2v/ev/{address}[?hours=N].</summary>
    public EngineResponse Ev(EngineQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!Address.TryParse(query["address"] ?? string.Empty, out var ev, out var problem))
        {
            return EngineResponse.BadRequest(problem);
        }

        ulong hours = 48;
        if (query["hours"] is { } hoursText && (!ulong.TryParse(hoursText, NumberStyles.None, CultureInfo.InvariantCulture, out hours) || hours is 0 or > MaxLookbackHours))
        {
            return EngineResponse.BadRequest($"hours '{hoursText}' must be a whole number from 1 to {MaxLookbackHours}");
        }

        if (!MembershipState.IsMemberAt(chain, ev, chain.Head.Height + 1))
        {
            return EngineResponse.NotFound($"{ev} is not a member EV of this chain");
        }

        try
        {
            var trades = new List<object>();
            var now = CurrentHour;
            for (var hour = now; hour + hours > now; hour--)
            {
                if (V2vLedger.Matching(chain, hour) is { } matching)
                {
                    var settlement = V2vLedger.Settlement(chain, hour);
                    for (var t = 0; t < matching.Trades.Count; t++)
                    {
                        var trade = matching.Trades[t];
                        var sells = matching.Orders[trade.Seller].Ev == ev;
                        if (!sells && matching.Orders[trade.Buyer].Ev != ev)
                        {
                            continue;
                        }

                        var settled = settlement?.Trades[t];
                        trades.Add(new
                        {
                            hour,
                            side = sells ? "sell" : "buy",
                            counterparty = matching.Orders[sells ? trade.Buyer : trade.Seller].Ev.ToString(),
                            site = trade.Site,
                            energyWh = trade.EnergyWh,
                            priceMicroPerWh = trade.PriceMicroPerWh,
                            confirmedWh = settled?.ConfirmedWh,
                            amountMicro = settled?.PaidMicro ?? trade.EscrowMicro,
                            penaltyMicro = sells ? settled?.PenaltyPaidMicro ?? 0 : 0,
                            settled = settled is not null,
                        });
                    }
                }

                if (hour == 0)
                {
                    break;
                }
            }

            var totals = V2vLedger.Totals(chain, ev);
            return EngineResponse.Ok(new
            {
                ev = ev.ToString(),
                hours,
                totals = new
                {
                    soldWh = totals.SoldWh,
                    boughtWh = totals.BoughtWh,
                    revenueMicro = totals.RevenueMicro,
                    spentMicro = totals.SpentMicro,
                    penaltiesMicro = totals.PenaltiesMicro,
                    discrepancies = totals.Discrepancies,
                    discrepancyWh = totals.DiscrepancyWh,
                    profitMicro = totals.ProfitMicro,
                    trades = totals.Trades,
                },
                trades,
            });
        }
        catch (DecodeException e)
        {
            return EngineResponse.Corrupt($"the V2V records of {ev} do not decode: {e.Message}");
        }
    }

    /// <summary>The V2V part of <c>/v1/consensus</c>: the sites, limits, and the last matched and settled hours.</summary>
    public V2vStatus Status()
    {
        var lastSettled = LastHourWith(h => V2vLedger.Settlement(chain, h) is not null);
        var summary = lastSettled is { } settledHour ? Summary(settledHour) : null;
        return new V2vStatus(
            Parameters.Sites,
            Parameters.V2vMaxPriceMicroPerWh,
            Parameters.MaxReportWh,
            LastHourWith(h => V2vLedger.Matching(chain, h) is not null),
            lastSettled,
            summary,
            summary is null ? null : FormattableString.Invariant(
                $"V2V hour {summary.Hour} settled: {summary.Trades} trades, {summary.MatchedWh} Wh matched at {summary.AveragePriceMicroPerWh} micro/Wh, {summary.ConfirmedWh} Wh confirmed, {summary.ShortTrades} short, {summary.PenaltiesMicro} micro penalties, {summary.Discrepancies} discrepancies"));
    }

    private V2vHourSummary? Summary(ulong hour)
    {
        if (V2vLedger.Matching(chain, hour) is not { } matching || V2vLedger.Settlement(chain, hour) is not { } settlement)
        {
            return null;
        }

        ulong matched = 0, confirmed = 0, value = 0, penalties = 0, discrepancies = 0, shortTrades = 0;
        for (var t = 0; t < matching.Trades.Count; t++)
        {
            matched += matching.Trades[t].EnergyWh;
            value += matching.Trades[t].EscrowMicro;
            confirmed += settlement.Trades[t].ConfirmedWh;
            penalties += settlement.Trades[t].PenaltyPaidMicro;
            discrepancies += settlement.Trades[t].DiscrepancyWh > 0 ? 1UL : 0;
            shortTrades += settlement.Trades[t].ShortfallWh > 0 ? 1UL : 0;
        }

        return new V2vHourSummary(hour, matching.Trades.Count, matched, confirmed, matched == 0 ? 0 : value / matched, penalties, discrepancies, shortTrades);
    }

    /// <summary>The latest hour up to now (looking back at most <see cref="StatusLookbackHours"/>) that satisfies <paramref name="has"/>.</summary>
    private ulong? LastHourWith(Func<ulong, bool> has)
    {
        var now = CurrentHour;
        for (var hour = now; hour + StatusLookbackHours > now; hour--)
        {
            if (has(hour))
            {
                return hour;
            }

            if (hour == 0)
            {
                break;
            }
        }

        return null;
    }

    private List<V2vOrder> Pending(ulong hour) =>
        [.. MembershipState.MembersAt(chain, chain.Head.Height + 1).Select(m => m.Address).Order()
            .Select(ev => V2vLedger.Intent(chain, hour, ev) is { } intent ? V2vOrder.From(ev, intent) : null)
            .OfType<V2vOrder>()];

    private object TradeView(V2vMatching matching, V2vSettlement? settlement, int t)
    {
        var trade = matching.Trades[t];
        var seller = matching.Orders[trade.Seller].Ev;
        var buyer = matching.Orders[trade.Buyer].Ev;
        var settled = settlement?.Trades[t];

        // Until the hour settles the readings are in their own records (settlement folds them in and removes them).
        return new
        {
            seller = seller.ToString(),
            buyer = buyer.ToString(),
            site = trade.Site,
            energyWh = trade.EnergyWh,
            priceMicroPerWh = trade.PriceMicroPerWh,
            escrowMicro = trade.EscrowMicro,
            sellerReportWh = settled is null ? V2vLedger.Report(chain, matching.Hour, seller, buyer) : settled.SellerReportWh,
            buyerReportWh = settled is null ? V2vLedger.Report(chain, matching.Hour, buyer, seller) : settled.BuyerReportWh,
            confirmedWh = settled?.ConfirmedWh,
            paidMicro = settled?.PaidMicro ?? 0,
            refundMicro = settled?.RefundMicro ?? 0,
            shortfallWh = settled?.ShortfallWh ?? 0,
            penaltyMicro = settled?.PenaltyMicro ?? 0,
            penaltyPaidMicro = settled?.PenaltyPaidMicro ?? 0,
            discrepancyWh = settled?.DiscrepancyWh ?? 0,
            sellerProfitMicro = settled?.SellerProfitMicro ?? 0,
        };
    }

    private string SiteName(uint site) => site < Parameters.Sites.Count ? Parameters.Sites[(int)site] : $"site {site}";

    private static string SideName(V2vSide side) => side == V2vSide.Sell ? "sell" : "buy";
}
