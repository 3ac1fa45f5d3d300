using System.Globalization;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Market;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// The household market as the API shows it: <c>/v1/market/{slot}</c> (coalitions, trades with prices, exclusions,
/// delivery, settlement, rewards and penalties of one slot) and <c>/v1/market/{slot}/{address}</c> (one household's
/// part of it), read from the slot's clearing and settlement blocks, so past slots stay visible.
/// </summary>
public sealed class MarketReadModel(PoegEngine engine, Blockchain chain)
{
    public static readonly EngineRoute SlotRoute = new(
        "/v1/market/{slot}", "one market slot: coalitions, trades with prices, exclusions, delivery, settlement, rewards, penalties", "runs no household market");

    public static readonly EngineRoute HouseholdRoute = new(
        "/v1/market/{slot}/{address}", "one household's part of a market slot: order, coalition, trades, reading, money, reward, penalty, payoff", "runs no household market");

    private const string Edc = "EDC";

    /// <summary>GET /v1/market/{slot}.</summary>
    public EngineResponse Slot(EngineQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (Load(query["slot"], out var records) is { } error)
        {
            return error;
        }

        var (clearing, delivery, phase) = records!;
        var households = clearing.Participants.Select((_, i) => HouseholdView(records!, i))
            .Concat(clearing.Excluded.Select(e => ExcludedView(records!, e)))
            .ToArray();
        return EngineResponse.Ok(new
        {
            slot = clearing.Slot,
            phase,
            clearingHeight = engine.Parameters.SettlementHeightOf(clearing.Slot),
            readingsCloseHeight = engine.Parameters.DeliveryHeightOf(clearing.Slot),
            settlementHeight = engine.Parameters.DeliveryHeightOf(clearing.Slot),
            tariffs = new
            {
                feedInMicroPerWh = engine.Parameters.FeedInMicroPerWh,
                retailMicroPerWh = engine.Parameters.RetailMicroPerWh,
                valueMicroPerWh = engine.Parameters.PriceMicroPerWh,
            },
            coalitions = clearing.Outcome.Coalitions.Select((c, i) => new
            {
                index = i,
                members = c.Members.Select(m => clearing.Participants[m].Address.ToString()),
                score = c.Score,
                priceMicroPerWh = clearing.CoalitionPrices[i],
                miner = i == Winner(clearing),
            }),
            trades = Trades(records!),
            excluded = clearing.Excluded.Select(e => new { address = e.Address.ToString(), reason = ReasonName(e.Reason), detail = e.Detail }),
            households,
            totals = Totals(records!),
        });
    }

    /// <summary>GET /v1/market/{slot}/{address}.</summary>
    public EngineResponse Household(EngineQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = query["address"] ?? string.Empty;
        if (!Address.TryParse(text, out var address, out var problem))
        {
            return EngineResponse.BadRequest(problem);
        }

        if (Load(query["slot"], out var records) is { } error)
        {
            return error;
        }

        var clearing = records!.Clearing;
        for (var i = 0; i < clearing.Participants.Count; i++)
        {
            if (clearing.Participants[i].Address == address)
            {
                return EngineResponse.Ok(HouseholdView(records, i));
            }
        }

        foreach (var excluded in clearing.Excluded)
        {
            if (excluded.Address == address)
            {
                return EngineResponse.Ok(ExcludedView(records, excluded));
            }
        }

        return EngineResponse.NotFound($"{address} did not order for market slot {clearing.Slot}");
    }

    /// <summary>Reads slot <paramref name="slotText"/>'s clearing and settlement blocks.</summary>
    public EngineResponse? Load(string? slotText, out MarketSlotRecords? records)
    {
        records = null;
        if (!ulong.TryParse(slotText, NumberStyles.None, CultureInfo.InvariantCulture, out var slot))
        {
            return EngineResponse.BadRequest($"slot '{slotText}' is not a whole number");
        }

        var parameters = engine.Parameters;
        var height = parameters.SettlementHeightOf(slot);
        if (chain.Store.GetBlock(height) is not { } block)
        {
            return EngineResponse.NotFound($"market slot {slot} clears at height {height}, which this node does not have yet");
        }

        try
        {
            var clearing = MarketSettlement.Decode(block.Header.ConsensusData.Span);
            DeliverySettlement? delivery = null;
            if (chain.Store.GetBlock(parameters.DeliveryHeightOf(slot)) is { } settled && !settled.Header.ConsensusData.IsEmpty)
            {
                delivery = DeliverySettlement.Decode(settled.Header.ConsensusData.Span);
            }

            var phase = delivery is not null ? MarketSlotRecords.Settled
                : chain.Head.Height >= parameters.SettlementHeightOf(slot + 1) ? MarketSlotRecords.Reading
                : MarketSlotRecords.Trading;
            records = new MarketSlotRecords(clearing, delivery, phase);
            return null;
        }
        catch (DecodeException e)
        {
            return EngineResponse.Corrupt($"market slot {slot}'s records: {e.Message}");
        }
    }

    /// <summary>
    /// A one-line summary of the last settled slot for progress reports: traded Wh, money moved, rewards and
    /// penalties; null before the first settlement.
    /// </summary>
    public string? LastSettledSummary()
    {
        if (SettledSlot() is not { } slot || Load(slot.ToString(CultureInfo.InvariantCulture), out var records) is not null || records!.Delivery is null)
        {
            return null;
        }

        var t = Totals(records);
        return FormattableString.Invariant(
            $"slot {slot} settled: {t.TradedInCoalitionsWh} Wh traded in coalitions, {t.DeliveredWh} Wh delivered, {t.MovedMicro} micro moved, {t.RewardMicro} micro rewards, {t.PenalizedHouseholds} penalized");
    }

    /// <summary>The last slot cleared (its first block is in the chain), or null.</summary>
    public ulong? ClearedSlot() => PoegLedger.Market(chain)?.Slot;

    /// <summary>The last slot settled on delivered energy, or null.</summary>
    public ulong? SettledSlot()
    {
        if (ClearedSlot() is not { } cleared)
        {
            return null;
        }

        var lag = PoegLedger.Delivering(chain) is null ? 1UL : 2UL;
        return cleared >= lag ? cleared - lag : null;
    }

    private int Winner(MarketSettlement clearing) => engine.Leaders.WinningCoalition(clearing, chain);

    private object[] Trades(MarketSlotRecords records)
    {
        var clearing = records.Clearing;
        string Name(int index) => index == EnergyTrade.Edc ? Edc : clearing.Participants[index].Address.ToString();
        var views = new List<object>();
        var member = 0;
        foreach (var trade in clearing.Outcome.Trades)
        {
            var isMember = MarketSettlement.IsMemberTrade(trade);
            ulong? delivered = isMember && records.Delivery is { } d ? d.TradeDeliveredWh[member] : null;
            views.Add(new
            {
                seller = Name(trade.From),
                buyer = Name(trade.To),
                energyWh = trade.EnergyWh,
                lossWh = trade.LossWh,
                priceMicroPerWh = clearing.PriceOf(trade),
                paymentMicro = clearing.PaymentOf(trade),
                deliveredWh = delivered,
            });
            member += isMember ? 1 : 0;
        }

        return [.. views];
    }

    private object HouseholdView(MarketSlotRecords records, int i)
    {
        var (clearing, delivery, phase) = records;
        var participant = clearing.Participants[i];
        var outcome = clearing.Outcome.Members[i];
        var coalition = outcome.CoalitionIndex;
        var trades = new List<object>();
        ulong paid = 0, refunded = 0, received = 0;
        var t = 0;
        foreach (var trade in clearing.MemberTrades)
        {
            if (trade.From == i || trade.To == i)
            {
                var price = clearing.PriceOf(trade);
                ulong? delivered = delivery?.TradeDeliveredWh[t];
                var value = (delivered ?? 0) * price;
                if (trade.From == i)
                {
                    received += value;
                }
                else if (delivery is not null)
                {
                    paid += value;
                    refunded += ((ulong)trade.EnergyWh - delivered!.Value) * price;
                }

                trades.Add(new
                {
                    side = trade.From == i ? "sell" : "buy",
                    counterparty = clearing.Participants[trade.From == i ? trade.To : trade.From].Address.ToString(),
                    energyWh = trade.EnergyWh,
                    priceMicroPerWh = price,
                    paymentMicro = clearing.PaymentOf(trade),
                    deliveredWh = delivered,
                });
            }

            t++;
        }

        var h = delivery?.Households[i];
        var saved = Math.Max(0, outcome.LossAloneWh - outcome.LossInCoalitionWh);
        var rewardPaid = h is { RewardWithheld: false } ? h.Value.RewardMicro : 0;
        var escrow = clearing.EscrowOf(i);
        var contribution = clearing.Contributions[i];
        var chargePaid = h?.EdcChargePaidMicro ?? 0;
        var penaltyPaid = h?.PenaltyPaidMicro ?? 0;
        var feeRefund = h?.FeeRefundMicro ?? 0;
        return new
        {
            slot = clearing.Slot,
            address = participant.Address.ToString(),
            phase,
            forecast = Forecast(participant),
            excluded = (object?)null,
            coalition = new
            {
                index = coalition,
                members = clearing.Outcome.Coalitions[coalition].Members.Select(m => clearing.Participants[m].Address.ToString()),
                priceMicroPerWh = clearing.CoalitionPrices[coalition],
                miner = coalition == Winner(clearing),
            },
            score = outcome.Score,
            singletonScore = outcome.SingletonScore,
            lossAloneWh = outcome.LossAloneWh,
            lossInCoalitionWh = outcome.LossInCoalitionWh,
            savedWh = saved,
            trades,
            reading = h is null ? null : new { producedWh = h.Value.ProducedWh, consumedWh = h.Value.ConsumedWh, missing = !h.Value.ReadingPresent },
            escrowMicro = escrow,
            paidMicro = paid,
            refundedMicro = refunded,
            receivedMicro = received,
            shortfallWh = h?.ShortfallWh ?? 0,
            edcChargeMicro = h?.EdcChargeMicro ?? 0,
            edcChargePaidMicro = chargePaid,
            penaltyMicro = h?.PenaltyMicro ?? 0,
            penaltyPaidMicro = penaltyPaid,
            contributionMicro = contribution,
            feeRefundMicro = feeRefund,
            rewardMicro = h?.RewardMicro ?? 0,
            rewardWithheld = h?.RewardWithheld ?? false,
            payoffMicro = Payoff(rewardPaid, saved),
            netMicro = (long)(received + refunded + rewardPaid + feeRefund) - (long)(escrow + contribution + chargePaid + penaltyPaid),
        };
    }

    private static object ExcludedView(MarketSlotRecords records, ExcludedHousehold excluded) => new
    {
        slot = records.Clearing.Slot,
        address = excluded.Address.ToString(),
        phase = records.Phase,
        forecast = Forecast(excluded.Order),
        excluded = new { reason = ReasonName(excluded.Reason), detail = excluded.Detail },
        coalition = (object?)null,
        score = 0L,
        singletonScore = 0L,
        lossAloneWh = 0L,
        lossInCoalitionWh = 0L,
        savedWh = 0L,
        trades = Array.Empty<object>(),
        reading = (object?)null,
        escrowMicro = 0UL,
        paidMicro = 0UL,
        refundedMicro = 0UL,
        receivedMicro = 0UL,
        shortfallWh = 0UL,
        edcChargeMicro = 0UL,
        edcChargePaidMicro = 0UL,
        penaltyMicro = 0UL,
        penaltyPaidMicro = 0UL,
        contributionMicro = 0UL,
        feeRefundMicro = 0UL,
        rewardMicro = 0UL,
        rewardWithheld = false,
        payoffMicro = 0UL,
        netMicro = 0L,
    };

    private static object Forecast(MarketParticipant order) => new
    {
        productionWh = order.Input.ProductionWh,
        consumptionWh = order.Input.ConsumptionWh,
        minSellMicroPerWh = order.MinSellMicroPerWh,
        maxBuyMicroPerWh = order.MaxBuyMicroPerWh,
    };

    /// <summary>x_i = (M_r)_i + p_t x E_save_i (eq. 3.22), in micro-units.</summary>
    private ulong Payoff(ulong reward, long savedWh) => reward + ((ulong)savedWh * engine.Parameters.PriceMicroPerWh);

    private static string ReasonName(ExclusionReason reason) => reason == ExclusionReason.PriceLimits ? "price" : "funds";

    private static SlotTotals Totals(MarketSlotRecords records)
    {
        var (clearing, delivery, _) = records;
        long inside = 0, withEdc = 0;
        foreach (var trade in clearing.Outcome.Trades)
        {
            if (MarketSettlement.IsMemberTrade(trade))
            {
                inside += trade.EnergyWh;
            }
            else
            {
                withEdc += trade.EnergyWh;
            }
        }

        ulong escrow = 0, delivered = 0, toSellers = 0, refunds = 0, shortfall = 0, charges = 0, penalties = 0, rewards = 0;
        var penalized = 0;
        for (var i = 0; i < clearing.Participants.Count; i++)
        {
            escrow += clearing.EscrowOf(i);
        }

        if (delivery is not null)
        {
            var t = 0;
            foreach (var trade in clearing.MemberTrades)
            {
                var price = clearing.PriceOf(trade);
                toSellers += delivery.TradeDeliveredWh[t] * price;
                refunds += ((ulong)trade.EnergyWh - delivery.TradeDeliveredWh[t]) * price;
                t++;
            }

            foreach (var h in delivery.Households)
            {
                delivered += h.DeliveredWh;
                shortfall += h.ShortfallWh;
                charges += h.EdcChargePaidMicro;
                penalties += h.PenaltyPaidMicro;
                rewards += h.RewardWithheld ? 0 : h.RewardMicro;
                penalized += h.PenaltyMicro > 0 ? 1 : 0;
            }
        }

        return new SlotTotals(inside, withEdc, escrow, delivered, shortfall, toSellers, refunds, charges, penalties, clearing.RewardMicro, rewards, toSellers + charges + penalties + rewards, penalized);
    }
}
