using System.CommandLine;
using System.Globalization;
using EnergyChain.Core.Transactions;
using EnergyChain.EvLearning;
using EnergyChain.Wallet.Output;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// <c>ecw ev</c>: an EV's side of PoSOC. <c>train --episodes N</c> is its local step of a federated round: it
/// downloads the chain's global model (<c>GET /v1/model</c>), trains the local PPO learner on N seeded episodes
/// from it, and submits the result as the model update of the open round (Q16.16 weights, the local sample count
/// as the FedAvg weight). <c>offer</c> and <c>bid</c> post a V2V intent for an hour, <c>deliver</c> the EV's
/// delivery report of a matched trade, <c>trades</c> reads its trades from <c>GET /v1/v2v/ev/{address}</c>, and
/// <c>auto</c> runs the EV's policy hour by hour (<see cref="EvAutoPilot"/>).
/// </summary>
internal static class EvCommands
{
    private const int MaxTradeHours = 100_000;
    private const int DefaultTradeHours = 48;

    public static Command Create(CommandBuilder builder) => new("ev", "EV side of PoSOC: local training for the federated rounds and V2V energy trading")
    {
        Train(builder),
        Intent(builder, V2vSide.Sell),
        Intent(builder, V2vSide.Buy),
        Deliver(builder),
        Trades(builder),
        Auto(builder),
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

            var agent = new EvChainAgent(context.Get(seed) is var s && s != 0 ? s : SeedOf(context.KeyName));
            var model = GlobalModelView.From(await context.Node.GetModelAsync(context.Cancellation).ConfigureAwait(false), agent);
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training {count} episodes from {model.Source} for round {model.OpenRound}"));
            var update = agent.Train(model.OpenRound, model.Weights, count);
            await TxSender.SubmitAsync(context, submit, update).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Intent(CommandBuilder builder, V2vSide side)
    {
        var intent = new V2vIntentOptions();
        var submit = new SubmitOptions();
        var command = submit.AddTo(intent.AddTo(side == V2vSide.Sell
            ? new Command("offer", "Offer to sell (discharge) energy to other EVs in an hour, at a lowest price")
            : new Command("bid", "Bid to buy (charge) energy from other EVs in an hour, at a highest price")));
        builder.SetAction(command, async context =>
            await TxSender.SubmitAsync(context, submit, await intent.PayloadAsync(context, side).ConfigureAwait(false)).ConfigureAwait(false));
        return command;
    }

    private static Command Deliver(CommandBuilder builder)
    {
        var hour = new Option<ulong>("--hour") { Description = "Chain hour of the matched trade", Required = true };
        var counterparty = new Option<string>("--counterparty") { Description = "The other EV of the trade: an address or a keystore key name", Required = true };
        var wh = new Option<ulong>("--wh") { Description = "Energy this EV discharged to (seller) or received from (buyer) the counterparty, Wh", Required = true };
        var submit = new SubmitOptions();
        var command = submit.AddTo(new Command("deliver", "Report the energy moved in a matched V2V trade (both EVs report; the chain settles on the smaller)")
        {
            hour, counterparty, wh,
        });
        builder.SetAction(command, context => TxSender.SubmitAsync(
            context,
            submit,
            new V2vDeliveryPayload(context.Get(hour), context.AccountOf(context.Get(counterparty)), context.Get(wh))));
        return command;
    }

    private static Command Trades(CommandBuilder builder)
    {
        var address = new Option<string?>("--address")
        {
            Description = "The EV: an address or a keystore key name (default: the selected key, as for signing)",
        };
        var hours = new Option<int>("--hours") { Description = "How many recent chain hours to list", DefaultValueFactory = _ => DefaultTradeHours };
        var command = new Command("trades", "An EV's recent V2V trades with totals: energy, prices, confirmed deliveries, payments, penalties")
        {
            address, hours,
        };
        builder.SetAction(command, async context =>
        {
            var count = context.Get(hours);
            if (count is < 1 or > MaxTradeHours)
            {
                throw WalletException.Usage($"--hours must be between 1 and {MaxTradeHours} (got {count})");
            }

            var ev = context.AccountOf(context.Get(address)).ToString();
            var view = await context.Node.GetV2vTradesAsync(ev, count, context.Cancellation).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(view);
            }
            else
            {
                V2vTradesDescriber.Write(context.Output, view, count);
            }
        });
        return command;
    }

    private static Command Auto(CommandBuilder builder)
    {
        var site = new Option<string?>("--site") { Description = "Charging site the EV trades at: its name or index (default: site 0)" };
        var hours = new Option<int?>("--hours") { Description = "Stop after this many chain hours (default: run until Ctrl-C)" };
        var episodes = new Option<int>("--episodes")
        {
            Description = "Local training episodes per round, as given to 'ecw ev train' (0: play the initial model)",
            DefaultValueFactory = _ => 8,
        };
        var seed = new Option<ulong>("--seed") { Description = "Seed of this EV's simulated days, as given to 'ecw ev train' (default: from the key's name)" };
        var fee = new Option<string>("--fee") { Description = "Fee of every transaction: micro-units, or EC with the suffix", DefaultValueFactory = _ => "0" };
        var command = new Command("auto", "Run the EV's trained policy: every chain hour its report, its V2V intent for the next hour and its delivery reports")
        {
            site, hours, episodes, seed, fee,
        };
        builder.SetAction(command, async context =>
        {
            var count = context.Get(hours);
            if (count is < 1 or > MaxTradeHours)
            {
                throw WalletException.Usage($"--hours must be between 1 and {MaxTradeHours} (got {count})");
            }

            var training = context.Get(episodes);
            if (training is < 0 or > 100_000)
            {
                throw WalletException.Usage($"--episodes must be between 0 and 100000 (got {training})");
            }

            var amount = AmountParser.Parse(context.Get(fee), "--fee");
            var (entry, key) = context.Unlock(context.KeyName);
            var agent = new EvChainAgent(context.Get(seed) is var s && s != 0 ? s : SeedOf(context.KeyName));
            var pilot = new EvAutoPilot(context, agent, ValueParsers.Address(entry.Address), key, amount, training);
            await pilot.RunAsync(context.Get(site), count).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The default seed of an EV's days: from the key's name, so <c>train</c> and <c>auto</c> of one key agree.</summary>
    private static ulong SeedOf(string? name) =>
        BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name ?? "ev")), 0);
}
