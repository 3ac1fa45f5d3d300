using EnergyChain.Consensus.Posoc;
using EnergyChain.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EnergyChain.Node.Api;

public static partial class ApiServer
{
    private static void MapPosoc(WebApplication app, NodeServices node)
    {
        // GET /v1/model[?weights=true]: the global model of the last aggregated round, and the round now open.
        app.MapGet("/v1/model", (bool? weights) =>
        {
            if (node.ConsensusEngine is not PosocEngine engine)
            {
                return Fail(StatusCodes.Status404NotFound, "NotFound", $"the {node.Engine} engine aggregates no model (only posoc does)");
            }

            var parameters = engine.Parameters;
            var next = node.Chain.Head.Height + 1;
            var model = PosocLedger.Model(node.Chain);
            return Results.Json(new
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
                weights = weights == true ? model?.Weights : null,
            });
        });
    }

    /// <summary>The PoSOC part of <c>/v1/consensus</c>; null under other engines.</summary>
    private static object? PosocView(NodeServices node)
    {
        if (node.ConsensusEngine is not PosocEngine engine)
        {
            return null;
        }

        var parameters = engine.Parameters;
        var next = node.Chain.Head.Height + 1;
        var hour = parameters.HourOf(next);
        var election = PosocLedger.Election(node.Chain);
        return new
        {
            hour,
            hourOfDay = hour % 24,
            hourBlocks = parameters.HourBlocks,
            round = parameters.RoundOf(next),
            roundHours = parameters.RoundHours,
            mlag = engine.Leaders.MlagOf(election).Address.ToString(),
            evs = engine.Leaders.Members.Select((m, i) =>
            {
                var record = PosocLedger.Ev(node.Chain, m.Address);
                return new
                {
                    address = m.Address.ToString(),
                    weight = election?.Weights.ElementAtOrDefault(i) ?? 0,
                    score24h = record.CumulativeScore(hour == 0 ? 0 : hour - 1),
                    profitThisRoundMicro = record.ProfitIn(parameters.RoundOf(next)),
                    feeDueMicro = record.FeeDueMicro,
                    departed = record.Departed,
                };
            }),
        };
    }
}
