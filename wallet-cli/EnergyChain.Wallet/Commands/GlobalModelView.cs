using System.Text.Json;
using EnergyChain.EvLearning;
using EnergyChain.Wallet.Api;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// What <c>ecw ev train</c> and <c>ecw ev auto</c> take from <c>GET /v1/model</c>: the open round and the global
/// model's Q16.16 weights (null before the first round closes), checked against the wallet's learner so an EV
/// never trains a model of another shape than the chain aggregates.
/// </summary>
internal sealed record GlobalModelView(ulong OpenRound, int[]? Weights, string Source)
{
    public static GlobalModelView From(JsonElement model, EvChainAgent agent)
    {
        var shape = NodeViews.String(model, "shape", "the model");
        if (agent.Shape.Id != shape)
        {
            throw new WalletException($"the chain learns model '{shape}' but this wallet's learner is '{agent.Shape.Id}'");
        }

        int[]? weights = NodeViews.Find(model, "weights") is { ValueKind: JsonValueKind.Array } array
            ? [.. array.EnumerateArray().Select(w => w.GetInt32())]
            : null;
        return new GlobalModelView(
            NodeViews.UInt(model, "openRound", "the model"),
            weights,
            weights is null ? "the initial model (no global model yet)" : $"the global model of round {NodeViews.Text(model, "round")}");
    }
}
