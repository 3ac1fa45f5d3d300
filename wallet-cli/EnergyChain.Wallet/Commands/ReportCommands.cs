using System.CommandLine;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// <c>ecw report location</c> (a household's grid location, once), <c>ecw report energy</c> (household forecast, PoEG
/// input; <c>ecw market forecast</c> is the same order) and <c>ecw report ev</c> (EV state, PoSOC input):
/// signed transactions that are recorded on chain and readable through the API.
/// </summary>
internal static class ReportCommands
{
    public static Command Create(CommandBuilder builder) => new("report", "Record energy or EV state reports on chain")
    {
        Location(builder),
        Energy(builder),
        Ev(builder),
    };

    private static Command Location(CommandBuilder builder)
    {
        var x = new Option<long>("--x") { Description = "East coordinate of the household on the grid plane, metres (the EDC's is in genesis)", Required = true };
        var y = new Option<long>("--y") { Description = "North coordinate, metres", Required = true };
        var submit = new SubmitOptions();
        var command = submit.AddTo(new Command("location", "Register the household's grid location once (PoEG loss model)")
        {
            x, y,
        });
        builder.SetAction(command, context => TxSender.SubmitAsync(
            context,
            submit,
            new GridRegistrationPayload(context.Get(x), context.Get(y))));
        return command;
    }

    /// <summary>Kept for scripts; <c>ecw market forecast</c> is the same order with a required slot.</summary>
    private static Command Energy(CommandBuilder builder)
    {
        var forecast = new ForecastOptions(slotRequired: false);
        var submit = new SubmitOptions();
        var command = submit.AddTo(forecast.AddTo(new Command(
            "energy",
            "Report the household's production and consumption forecast for a market slot (the same order as 'ecw market forecast'; results: 'ecw market show')")));
        builder.SetAction(command, context => TxSender.SubmitAsync(context, submit, forecast.Payload(context)));
        return command;
    }

    private static Command Ev(CommandBuilder builder)
    {
        var soc = new Option<string>("--soc") { Description = "State of charge: ppm of capacity (800000) or percent (80%)", Required = true };
        var maxSoc = new Option<string>("--max-soc")
        {
            Description = "Maximum state of charge: ppm or percent",
            DefaultValueFactory = _ => EvReportPayload.FullPpm.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var charge = new Option<ulong>("--charge") { Description = "Energy charged during the last hour, Wh", Required = true };
        var discharge = new Option<ulong>("--discharge") { Description = "Energy discharged during the last hour, Wh", Required = true };
        var departing = new Option<bool>("--departing") { Description = "The EV is about to leave" };
        var submit = new SubmitOptions();
        var command = submit.AddTo(new Command("ev", "Report the EV's state of charge and energy moved")
        {
            soc, maxSoc, charge, discharge, departing,
        });
        builder.SetAction(command, context => TxSender.SubmitAsync(
            context,
            submit,
            new EvReportPayload(
                ValueParsers.Ppm(context.Get(soc)!, "--soc"),
                ValueParsers.Ppm(context.Get(maxSoc)!, "--max-soc"),
                context.Get(charge),
                context.Get(discharge),
                context.Get(departing))));
        return command;
    }
}
