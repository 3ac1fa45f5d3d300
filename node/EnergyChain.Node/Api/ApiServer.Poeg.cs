using EnergyChain.Consensus.Market;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Core.Codec;
using EnergyChain.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EnergyChain.Node.Api;

public static partial class ApiServer
{
    private static void MapPoeg(WebApplication app, NodeServices node)
    {
        // GET /v1/coalitions[?slot=N]: the last settled market slot from state, or slot N from its settlement block.
        app.MapGet("/v1/coalitions", (string? slot) =>
        {
            if (node.ConsensusEngine is not PoegEngine engine)
            {
                return Fail(StatusCodes.Status404NotFound, "NotFound", $"the {node.Engine} engine forms no coalitions (only poeg does)");
            }

            MarketSettlement? settlement;
            if (slot is null)
            {
                settlement = PoegLedger.Market(node.Chain);
            }
            else if (!ulong.TryParse(slot, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                return Fail(StatusCodes.Status400BadRequest, "BadRequest", $"slot '{slot}' is not a whole number");
            }
            else
            {
                var height = engine.Parameters.SettlementHeightOf(number);
                if (node.Store.GetBlock(height) is not { } block)
                {
                    return Fail(StatusCodes.Status404NotFound, "NotFound", $"market slot {number} settles at height {height}, which this node does not have yet");
                }

                try
                {
                    settlement = MarketSettlement.Decode(block.Header.ConsensusData.Span);
                }
                catch (DecodeException e)
                {
                    return Fail(StatusCodes.Status500InternalServerError, "Corrupt", $"settlement block {height}: {e.Message}");
                }
            }

            return settlement is null
                ? Fail(StatusCodes.Status404NotFound, "NotFound", $"no market slot has settled yet (the first settles at height {engine.Parameters.SettlementHeightOf(1)})")
                : Results.Json(CoalitionsView(engine, settlement));
        });
    }

    /// <summary>The PoEG part of <c>/v1/consensus</c>; null under other engines.</summary>
    private static object? PoegView(NodeServices node)
    {
        if (node.ConsensusEngine is not PoegEngine engine)
        {
            return null;
        }

        var parameters = engine.Parameters;
        var next = node.Chain.Head.Height + 1;
        var settlement = PoegLedger.Market(node.Chain);
        var winner = settlement is null ? -1 : engine.Leaders.WinningCoalition(settlement);
        return new
        {
            marketSlot = parameters.MarketSlotOf(next),
            marketSlotBlocks = parameters.MarketSlotBlocks,
            nextSettlementHeight = parameters.SettlementHeightOf(parameters.MarketSlotOf(next) + 1),
            settledSlot = settlement?.Slot,
            minerCoalition = winner < 0 || settlement is null ? null : settlement.Outcome.Coalitions[winner].Members.Select(i => settlement.Participants[i].Address.ToString()),
            scores = engine.Leaders.WeightsAt(next, node.Chain).Select(w => new { address = w.Member.Address.ToString(), score = w.Weight }),
            grid = new { edcXMetres = parameters.EdcXMetres, edcYMetres = parameters.EdcYMetres, lossPpmPerKm = parameters.LossPpmPerKm },
            deltaPpm = parameters.DeltaPpm,
            priceMicroPerWh = parameters.PriceMicroPerWh,
        };
    }

    private static object CoalitionsView(PoegEngine engine, MarketSettlement settlement)
    {
        var outcome = settlement.Outcome;
        string Name(int index) => index == EnergyTrade.Edc ? "EDC" : settlement.Participants[index].Address.ToString();
        var winner = engine.Leaders.WinningCoalition(settlement);
        var (rewarded, shares) = engine.Market.RewardShares(settlement);
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
