using System.CommandLine;
using EnergyChain.Core.Transactions;
using EnergyChain.Wallet.Output;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// <c>ecw market</c>: a household's side of the PoEG energy market. <c>forecast</c> submits its order for a slot,
/// <c>meter</c> a reading signed by the household's meter key, and <c>show</c> and <c>history</c> read what the
/// market made of it from <c>GET /v1/market/{slot}/{address}</c>.
/// </summary>
internal static class MarketCommands
{
    private const int MaxHistoryCount = 1_000;

    public static Command Create(CommandBuilder builder) => new("market", "The PoEG energy market: forecasts, meter readings and a household's results")
    {
        Forecast(builder),
        Meter(builder),
        Show(builder),
        History(builder),
    };

    private static Command Forecast(CommandBuilder builder)
    {
        var forecast = new ForecastOptions(slotRequired: true);
        var submit = new SubmitOptions();
        var command = submit.AddTo(forecast.AddTo(new Command("forecast", "Submit the household's forecast and price limits for a market slot")));
        builder.SetAction(command, context => TxSender.SubmitAsync(context, submit, forecast.Payload(context)));
        return command;
    }

    private static Command Meter(CommandBuilder builder)
    {
        var slot = new Option<ulong>("--slot") { Description = "Market slot the reading is for", Required = true };
        var produced = new Option<ulong>("--produced") { Description = "Energy the household produced in the slot, Wh", Required = true };
        var consumed = new Option<ulong>("--consumed") { Description = "Energy the household consumed in the slot, Wh", Required = true };
        var meterKey = new Option<string>("--meter-key")
        {
            Description = "Keystore name of the meter's key, which signs the reading (the meter registered for the household)",
            Required = true,
        };
        var household = new Option<string>("--household") { Description = "The household the meter measures: an address or a keystore key name", Required = true };
        var submit = new SubmitOptions();
        var command = submit.AddTo(new Command("meter", "Submit a smart meter's reading of a household for a market slot, signed by the meter's key")
        {
            slot, produced, consumed, meterKey, household,
        });
        builder.SetAction(command, context => TxSender.SubmitAsync(
            context,
            submit,
            new MeterReadingPayload(context.AccountOf(context.Get(household)), context.Get(slot), context.Get(produced), context.Get(consumed)),
            context.Get(meterKey)));
        return command;
    }

    private static Command Show(CommandBuilder builder)
    {
        var slot = new Option<ulong?>("--slot") { Description = "Market slot (default: the last settled on delivered energy, else the last cleared)" };
        var household = HouseholdOption();
        var command = new Command("show", "One household's view of one market slot: order, coalition, trades and settlement")
        {
            slot, household,
        };
        builder.SetAction(command, async context =>
        {
            var address = context.AccountOf(context.Get(household)).ToString();
            var number = context.Get(slot) ?? await MarketSlots.DefaultAsync(context).ConfigureAwait(false);
            var view = await context.Node.GetMarketAsync(number, address, context.Cancellation).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(view);
            }
            else
            {
                MarketDescriber.Write(context.Output, view);
            }
        });
        return command;
    }

    private static Command History(CommandBuilder builder)
    {
        var count = new Option<int>("--count") { Description = "How many of the household's slots to show", DefaultValueFactory = _ => 10 };
        var household = HouseholdOption();
        var command = new Command("history", "A household's recent market slots, newest first, with totals") { household, count };
        builder.SetAction(command, async context =>
        {
            var rows = context.Get(count);
            if (rows is < 1 or > MaxHistoryCount)
            {
                throw WalletException.Usage($"--count must be between 1 and {MaxHistoryCount} (got {rows})");
            }

            var address = context.AccountOf(context.Get(household)).ToString();
            var (cleared, settled) = await MarketSlots.ProgressAsync(context).ConfigureAwait(false);
            var latest = cleared ?? settled;
            var views = latest is { } from ? await MarketSlots.RecentAsync(context, address, from, rows).ConfigureAwait(false) : [];
            var summaries = views.Select(MarketSlotSummary.From).ToList();
            var totals = new MarketTotals();
            summaries.ForEach(totals.Add);

            var output = context.Output;
            if (output.Json)
            {
                output.WriteJson(new { household = address, slots = views, totals = totals.ToJson() });
                return;
            }

            if (summaries.Count == 0)
            {
                output.WriteLine(latest is null
                    ? "no market slot has cleared yet"
                    : $"{address} took part in no market slot up to slot {latest}");
                return;
            }

            var table = new TextTable(MarketSlotSummary.Headers);
            summaries.ForEach(s => table.Add(s.Cells()));
            table.Add(totals.Cells());
            output.WriteTable(table);
        });
        return command;
    }

    private static Option<string?> HouseholdOption() => new("--household")
    {
        Description = "The household: an address or a keystore key name (default: the selected key, as for signing)",
    };
}
