using System.CommandLine;
using EnergyChain.Core.Transactions;
using EnergyChain.Wallet.Output;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// The options of a household's order for a market slot, shared by <c>ecw market forecast</c> and the older
/// <c>ecw report energy</c>: the slot, the forecast in Wh and the optional price limits. The limits are checked
/// here so a typo is refused before anything is signed, although the node checks them again.
/// </summary>
internal sealed class ForecastOptions
{
    private const string PriceForms = "micro-units per Wh (250) or EC per kWh (0.25/kWh)";

    public ForecastOptions(bool slotRequired)
    {
        Slot = new Option<ulong>("--slot")
        {
            Description = slotRequired
                ? "Market slot the forecast is for (0 = the next slot after inclusion)"
                : "Market slot the forecast is for (default 0 = the next slot)",
            Required = slotRequired,
        };
    }

    public Option<ulong> Production { get; } = new("--production") { Description = "Forecast production in Wh", Required = true };

    public Option<ulong> Consumption { get; } = new("--consumption") { Description = "Forecast consumption in Wh", Required = true };

    public Option<ulong> Slot { get; }

    public Option<string?> MinSell { get; } = new("--min-sell")
    {
        Description = $"Lowest price to sell surplus at: {PriceForms}; default: the engine's (the EDC's tariff)",
    };

    public Option<string?> MaxBuy { get; } = new("--max-buy")
    {
        Description = $"Highest price to buy a deficit at: {PriceForms}; default: the engine's (the EDC's tariff)",
    };

    public Command AddTo(Command command)
    {
        command.Options.Add(Production);
        command.Options.Add(Consumption);
        command.Options.Add(Slot);
        command.Options.Add(MinSell);
        command.Options.Add(MaxBuy);
        return command;
    }

    /// <summary>The order as parsed; a malformed price or a minimum sell price above the maximum buy price is a usage error.</summary>
    public EnergyReportPayload Payload(WalletContext context)
    {
        ulong? minSell = context.Get(MinSell) is { } sell ? ValueParsers.Price(sell, MinSell.Name) : null;
        ulong? maxBuy = context.Get(MaxBuy) is { } buy ? ValueParsers.Price(buy, MaxBuy.Name) : null;
        if (minSell > maxBuy)
        {
            throw WalletException.Usage(
                $"{MinSell.Name} {Units.PriceWithMicro(minSell.Value)} is above {MaxBuy.Name} {Units.PriceWithMicro(maxBuy!.Value)}; the minimum sell price must not exceed the maximum buy price");
        }

        return new EnergyReportPayload(context.Get(Slot), context.Get(Production), context.Get(Consumption), minSell, maxBuy);
    }
}
