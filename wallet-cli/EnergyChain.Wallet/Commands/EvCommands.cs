using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EnergyChain.EvLearning;
using EnergyChain.Wallet.Api;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// <c>ecw ev train --episodes N</c>: the EV's local step of a PoSOC federated round. It downloads the chain's global
/// model (<c>GET /v1/model</c>), trains the local PPO learner on N seeded episodes from it, and submits the result
/// as the model update of the open round (Q16.16 weights, the local sample count as the FedAvg weight).
/// </summary>
internal static class EvCommands
{
    public static Command Create(CommandBuilder builder) => new("ev", "EV side of PoSOC: local training for the federated rounds")
    {
        Train(builder),
    };

    private static Command Train(CommandBuilder builder)
    {
        var episodes = new Option<int>("--episodes") { Description = "Local training episodes (simulated days) this round", DefaultValueFactory = _ => 8 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of this EV's simulated days and exploration (default: from the key's address)" };
        var submit = new SubmitOptions();
        var command = submit.AddTo(new Command("train", "Train from the chain's global model and submit the update for the open round") { episodes, seed });
        builder.SetAction(command, async context =>
        {
            var count = context.Get(episodes);
            if (count is < 1 or > 100_000)
            {
                throw new WalletException($"--episodes must be between 1 and 100000 (got {count})");
            }

            var ct = context.Cancellation;
            var model = await context.Node.GetModelAsync(ct).ConfigureAwait(false);
            var round = NodeViews.UInt(model, "openRound", "the model");
            var shape = NodeViews.String(model, "shape", "the model");
            var agent = new EvChainAgent(context.Get(seed) is var s && s != 0 ? s : SeedOf(context.KeyName));
            if (agent.Shape.Id != shape)
            {
                throw new WalletException($"the chain learns model '{shape}' but this wallet's learner is '{agent.Shape.Id}'");
            }

            int[]? global = NodeViews.Find(model, "weights") is { ValueKind: JsonValueKind.Array } weights
                ? [.. weights.EnumerateArray().Select(w => w.GetInt32())]
                : null;
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training {count} episodes from {(global is null ? "the initial model (no global model yet)" : $"the global model of round {NodeViews.Text(model, "round")}")} for round {round}"));
            var update = agent.Train(round, global, count);
            await TxSender.SubmitAsync(context, submit, update).ConfigureAwait(false);
        });
        return command;
    }

    private static ulong SeedOf(string? name) =>
        BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name ?? "ev")), 0);
}
