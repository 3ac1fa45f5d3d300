using System.Globalization;
using System.Net;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.EvLearning;
using EnergyChain.Wallet.Api;
using EnergyChain.Wallet.Output;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// <c>ecw ev auto</c>: the EV's side of PoSOC run by its policy, as the devnet's simulated EVs do it. Once per
/// federated round it replays the local training <c>ecw ev train</c> does (same seed, round, global model and
/// episodes, so the same policy) without submitting it again; once per chain hour c (posoc.hour, the hour of the
/// next block) it sends the policy's <see cref="EvReportPayload"/> for hour c, its V2V intent for hour c+1 (the
/// earliest the chain takes), and for each trade matched for hour c-1 its delivery report of the matched Wh
/// (a report is taken in the traded hour and the one after). Each action is one output line; a refused
/// transaction is a line too, and the EV goes on.
/// </summary>
internal sealed class EvAutoPilot(WalletContext context, EvChainAgent agent, Address ev, PrivateKey key, ulong fee, int episodes)
{
    private string _chainId = string.Empty;
    private uint _site;
    private ulong? _round;

    /// <summary>Runs for <paramref name="hours"/> chain hours (null: until cancelled, Ctrl-C), starting with the current one.</summary>
    public async Task RunAsync(string? siteText, int? hours)
    {
        var ct = context.Cancellation;
        var output = context.Output;
        var chain = await V2vChain.ReadAsync(context).ConfigureAwait(false);
        if (chain.Sites.Count == 0)
        {
            throw new WalletException("the chain has no charging sites, so there is nowhere to trade");
        }

        _site = siteText is null ? 0 : chain.Site(siteText, "--site");

        _chainId = await TxSender.ChainIdAsync(context).ConfigureAwait(false);
        output.WriteLine($"EV {ev} at {chain.SiteName(_site)}, from hour {Text(chain.Hour)}{(hours is { } n ? $" for {Text((ulong)n)} hours" : " until Ctrl-C")}");

        ulong? last = null;
        var done = 0;
        try
        {
            while (true)
            {
                if (chain.Hour != last)
                {
                    last = chain.Hour;
                    await TrainAsync(chain.Round).ConfigureAwait(false);
                    await HourAsync(chain).ConfigureAwait(false);
                    if (++done == hours)
                    {
                        break;
                    }
                }

                await Task.Delay(context.Environment.PollInterval, context.Environment.Time, ct).ConfigureAwait(false);
                chain = await V2vChain.ReadAsync(context).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C is how an open-ended run ends: not a failure.
        }

        output.WriteLine($"stopped after {Text((ulong)done)} {(done == 1 ? "hour" : "hours")}");
    }

    /// <summary>
    /// Replays the round's local training so the EV plays the policy it trained (the global model it started from
    /// differs every round); <c>--episodes 0</c> plays the shared initial model.
    /// </summary>
    private async Task TrainAsync(ulong round)
    {
        if (episodes == 0 || _round == round)
        {
            return;
        }

        _round = round;
        var model = GlobalModelView.From(await context.Node.GetModelAsync(context.Cancellation).ConfigureAwait(false), agent);
        _ = agent.Train(model.OpenRound, model.Weights, episodes);
        context.Output.WriteLine(
            $"round {Text(model.OpenRound)}: policy trained {Text((ulong)episodes)} episodes from {model.Source} (as 'ecw ev train' does; not submitted)");
    }

    private async Task HourAsync(V2vChain chain)
    {
        var hour = chain.Hour;
        var sent = 0;
        if (agent.ReportFor(hour / 24, (int)(hour % 24)) is { } report)
        {
            sent += await SendAsync(hour, report).ConfigureAwait(false);
        }

        var next = hour + 1;
        if (agent.IntentFor(next / 24, (int)(next % 24), _site) is { } intent)
        {
            sent += await SendAsync(hour, intent).ConfigureAwait(false);
        }

        if (hour >= 1 && chain.LastMatchedHour >= hour - 1)
        {
            foreach (var delivery in await DeliveriesAsync(hour - 1).ConfigureAwait(false))
            {
                sent += await SendAsync(hour, delivery).ConfigureAwait(false);
            }
        }

        if (sent == 0)
        {
            context.Output.WriteLine($"hour {Text(hour)}: away or idle, nothing to send");
        }
    }

    /// <summary>
    /// A delivery report of the matched Wh for every trade of <paramref name="hour"/> the EV is a party to and has
    /// not reported yet (a restarted run does not report twice).
    /// </summary>
    private async Task<List<V2vDeliveryPayload>> DeliveriesAsync(ulong hour)
    {
        JsonElement view;
        try
        {
            view = await context.Node.GetV2vHourAsync(hour, context.Cancellation).ConfigureAwait(false);
        }
        catch (NodeApiException e) when (e.StatusCode == (int)HttpStatusCode.NotFound)
        {
            return [];
        }

        var me = ev.ToString();
        var deliveries = new List<V2vDeliveryPayload>();
        if (NodeViews.Find(view, "trades") is not { ValueKind: JsonValueKind.Array } trades)
        {
            return deliveries;
        }

        foreach (var trade in trades.EnumerateArray())
        {
            var seller = NodeViews.OptionalString(trade, "seller");
            var buyer = NodeViews.OptionalString(trade, "buyer");
            var (counterparty, reported) = seller == me ? (buyer, "sellerReportWh")
                : buyer == me ? (seller, "buyerReportWh")
                : (null, null);
            if (counterparty is null || reported is null || NodeViews.OptionalUInt(trade, reported) is not null)
            {
                continue;
            }

            deliveries.Add(new V2vDeliveryPayload(hour, ValueParsers.Address(counterparty), NodeViews.UInt(trade, "energyWh", "a V2V trade")));
        }

        return deliveries;
    }

    /// <summary>Sends one transaction and prints its line; 1 when it was sent, refused or not.</summary>
    private async Task<int> SendAsync(ulong hour, TxPayload payload)
    {
        string line;
        try
        {
            var hash = await TxSender.SendAsync(context, _chainId, ev.ToString(), key, fee, payload).ConfigureAwait(false);
            line = $"{TxDescriber.Summary(payload)} (tx {hash})";
        }
        catch (NodeApiException e)
        {
            line = $"{TxDescriber.Summary(payload)} refused: {e.Message}";
        }

        context.Output.WriteLine($"hour {Text(hour)}: {line}");
        return 1;
    }

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
