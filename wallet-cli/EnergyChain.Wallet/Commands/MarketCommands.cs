using System.CommandLine;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// <c>ecw market</c>: a household's side of the PoEG energy market. <c>forecast</c> submits its order for a slot,
/// <c>meter</c> a reading signed by the household's meter key.
/// </summary>
internal static class MarketCommands
{
    public static Command Create(CommandBuilder builder) => new("market", "The PoEG energy market: forecasts, meter readings and a household's results")
    {
        Forecast(builder),
        Meter(builder),
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
}
