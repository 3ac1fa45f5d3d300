using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Market;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Codec;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// What the API shows of PoEG: the market part of <c>/v1/consensus</c> (slot, miner coalition, proof scores) and
/// <c>/v1/coalitions</c> (a settled slot's coalitions, trades, scores and reward shares), read from the chain.
/// </summary>
public sealed class PoegReadModel(PoegEngine engine, Blockchain chain, MarketReadModel market)
{
    /// <summary>The route this read model serves.</summary>
    public static readonly EngineRoute CoalitionsRoute = new(
        "/v1/coalitions", "the last settled market slot (or ?slot=N): coalitions, trades, scores, reward", "forms no coalitions");

    /// <summary>GET /v1/coalitions[?slot=N]: the last settled market slot from state, or slot N from its settlement block.</summary>
    public EngineResponse Coalitions(EngineQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var slot = query["slot"];
        MarketSettlement? settlement;
        if (slot is null)
        {
            settlement = PoegLedger.Market(chain);
        }
        else if (!ulong.TryParse(slot, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return EngineResponse.BadRequest($"slot '{slot}' is not a whole number");
        }
        else
        {
            var height = engine.Parameters.SettlementHeightOf(number);
            if (chain.Store.GetBlock(height) is not { } block)
            {
                return EngineResponse.NotFound($"market slot {number} settles at height {height}, which this node does not have yet");
            }

            try
            {
                settlement = MarketSettlement.Decode(block.Header.ConsensusData.Span);
            }
            catch (DecodeException e)
            {
                return EngineResponse.Corrupt($"settlement block {height}: {e.Message}");
            }
        }

        return settlement is null
            ? EngineResponse.NotFound($"no market slot has settled yet (the first settles at height {engine.Parameters.SettlementHeightOf(1)})")
            : EngineResponse.Ok(CoalitionsView(settlement));
    }

    /// <summary>The PoEG part of <c>/v1/consensus</c>.</summary>
    public object Status()
    {
        var parameters = engine.Parameters;
        var next = chain.Head.Height + 1;
        var settlement = PoegLedger.Market(chain);
        var winner = settlement is null ? -1 : engine.Leaders.WinningCoalition(settlement, chain);
        return new
        {
            marketSlot = parameters.MarketSlotOf(next),
            marketSlotBlocks = parameters.MarketSlotBlocks,
            readingWindowBlocks = parameters.ReadingWindowBlocks,
            nextSettlementHeight = parameters.SettlementHeightOf(parameters.MarketSlotOf(next) + 1),
            clearedSlot = settlement?.Slot,
            settledSlot = market.SettledSlot(),
            lastSettlement = market.LastSettledSummary(),
            minerCoalition = winner < 0 || settlement is null ? null : settlement.Outcome.Coalitions[winner].Members.Select(i => settlement.Participants[i].Address.ToString()),
            scores = engine.Leaders.WeightsAt(next, chain).Select(w => new { address = w.Member.Address.ToString(), score = w.Weight }),
            grid = new { edcXMetres = parameters.EdcXMetres, edcYMetres = parameters.EdcYMetres, lossPpmPerKm = parameters.LossPpmPerKm },
            deltaPpm = parameters.DeltaPpm,
            priceMicroPerWh = parameters.PriceMicroPerWh,
            feedInMicroPerWh = parameters.FeedInMicroPerWh,
            retailMicroPerWh = parameters.RetailMicroPerWh,
        };
    }

    private object CoalitionsView(MarketSettlement settlement)
    {
        var outcome = settlement.Outcome;
        string Name(int index) => index == EnergyTrade.Edc ? "EDC" : settlement.Participants[index].Address.ToString();
        var winner = engine.Leaders.WinningCoalition(settlement, chain);
        var (rewarded, shares) = engine.Market.RewardShares(settlement, chain);
        long inside = 0, withEdc = 0;
        foreach (var trade in outcome.Trades)
        {
            if (trade.From == EnergyTrade.Edc || trade.To == EnergyTrade.Edc)
            {
                withEdc += trade.EnergyWh;
            }
            else
            {
                inside += trade.EnergyWh;
            }
        }

        return new
        {
            slot = settlement.Slot,
            settlementHeight = engine.Parameters.SettlementHeightOf(settlement.Slot),
            households = settlement.Participants.Select((p, i) => new
            {
                address = p.Address.ToString(),
                xMetres = p.Input.XMetres,
                yMetres = p.Input.YMetres,
                productionWh = p.Input.ProductionWh,
                consumptionWh = p.Input.ConsumptionWh,
                coalition = outcome.Members[i].CoalitionIndex,
                singletonScore = outcome.Members[i].SingletonScore,
                score = outcome.Members[i].Score,
                lossAloneWh = outcome.Members[i].LossAloneWh,
                lossInCoalitionWh = outcome.Members[i].LossInCoalitionWh,
            }),
            coalitions = outcome.Coalitions.Select((c, i) => new
            {
                index = i,
                score = c.Score,
                members = c.Members.Select(Name),
                miner = i == winner,
            }),
            trades = outcome.Trades.Select(t => new { from = Name(t.From), to = Name(t.To), energyWh = t.EnergyWh, lossWh = t.LossWh }),
            tradedInsideCoalitionsWh = inside,
            tradedWithEdcWh = withEdc,
            totalSavingsWh = outcome.TotalSavingsWh,
            mergeOperations = outcome.MergeOperations,
            splitOperations = outcome.SplitOperations,
            miningRewardMicro = settlement.RewardMicro,
            rewardShares = rewarded.Select((m, i) => new { address = Name(m), amountMicro = shares[i] }),
        };
    }
}
