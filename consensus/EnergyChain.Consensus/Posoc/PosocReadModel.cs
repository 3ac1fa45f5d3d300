using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Posoc.V2v;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Membership;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// What the API shows of PoSOC: the EV part of <c>/v1/consensus</c> (hour, round, mLAG, the V2V sites and last matched
/// and settled hours, every EV's score, profit and fee due) and <c>/v1/model</c> (the global model of the last aggregated round), read from the chain.
/// </summary>
public sealed class PosocReadModel(PosocEngine engine, Blockchain chain, V2vReadModel v2v)
{
    /// <summary>The route this read model serves.</summary>
    public static readonly EngineRoute ModelRoute = new(
        "/v1/model", "the global model of the last federated round (?weights=true adds its weights)", "aggregates no model");

    /// <summary>GET /v1/model[?weights=true]: the global model of the last aggregated round, and the round now open.</summary>
    public EngineResponse Model(EngineQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query["weights"] is { } flag && !bool.TryParse(flag, out _))
        {
            return EngineResponse.BadRequest($"weights '{flag}' must be true or false");
        }

        var parameters = engine.Parameters;
        var next = chain.Head.Height + 1;
        var model = PosocLedger.Model(chain);
        return EngineResponse.Ok(new
        {
            openRound = parameters.RoundOf(next),
            nextRoundHeight = parameters.RoundStartHeight(parameters.RoundOf(next) + 1),
            shape = parameters.ModelShape,
            shapeId = parameters.ShapeId,
            parameters = parameters.ModelParameters,
            aggregation = parameters.Aggregation.ToString(),
            round = model?.Round,
            contributors = model?.Contributors,
            hash = model?.Hash.ToString(),
            weights = query.Flag("weights") ? model?.Weights : null,
        });
    }

    /// <summary>The PoSOC part of <c>/v1/consensus</c>.</summary>
    public object Status()
    {
        var parameters = engine.Parameters;
        var next = chain.Head.Height + 1;
        var hour = parameters.HourOf(next);
        var election = PosocLedger.Election(chain);
        var market = v2v.Status();
        return new
        {
            hour,
            hourOfDay = hour % 24,
            hourBlocks = parameters.HourBlocks,
            round = parameters.RoundOf(next),
            roundHours = parameters.RoundHours,
            mlag = MlagSelector.MlagOf(chain, next).Address.ToString(),
            sites = market.Sites,
            v2vMaxPriceMicroPerWh = market.V2vMaxPriceMicroPerWh,
            maxReportWh = market.MaxReportWh,
            lastMatchedHour = market.LastMatchedHour,
            lastSettledHour = market.LastSettledHour,
            lastV2vSettlement = market.LastV2vSettlement,
            lastV2vSettled = market.Progress,
            evs = MembershipState.MembersAt(chain, next).Select(m =>
            {
                var record = PosocLedger.Ev(chain, m.Address);
                return new
                {
                    address = m.Address.ToString(),
                    weight = election?.WeightOf(m.NodeKey) ?? 0,
                    score24h = record.CumulativeScore(hour == 0 ? 0 : hour - 1),
                    profitThisRoundMicro = record.ProfitIn(parameters.RoundOf(next)),
                    feeDueMicro = record.FeeDueMicro,
                    departed = record.Departed,
                };
            }),
        };
    }
}
