using System.CommandLine;
using System.Globalization;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// The options of a V2V intent, shared by <c>ecw ev offer</c> (sell) and <c>ecw ev bid</c> (buy). The values are
/// checked against the chain's rules here (hour ahead of the chain, availability window, a known site), so a typo
/// is refused before anything is signed, although the node checks them again; the price and energy are checked
/// before the node is asked anything.
/// </summary>
internal sealed class V2vIntentOptions
{
    public Option<ulong> EnergyWh { get; } = new("--wh") { Description = "Energy to trade in the hour, Wh (at least 1)", Required = true };

    public Option<string> Price { get; } = new("--price")
    {
        Description = "Price limit: micro-units per Wh (15) or EC per kWh (0.015/kWh); the least an offer takes, the most a bid pays",
        Required = true,
    };

    public Option<string> Site { get; } = new("--site") { Description = "Charging site: its name or index (posoc.sites of /v1/consensus)", Required = true };

    public Option<ulong?> Hour { get; } = new("--hour") { Description = "Chain hour to trade in (default: the hour after the next block's, posoc.hour + 1)" };

    public Option<ulong?> From { get; } = new("--from") { Description = "First chain hour the EV is parked at the site (default: --hour)" };

    public Option<ulong?> Until { get; } = new("--until") { Description = "Chain hour the EV leaves the site, exclusive (default: --hour + 1)" };

    public Command AddTo(Command command)
    {
        command.Options.Add(EnergyWh);
        command.Options.Add(Price);
        command.Options.Add(Site);
        command.Options.Add(Hour);
        command.Options.Add(From);
        command.Options.Add(Until);
        return command;
    }

    /// <summary>The intent as parsed, for <paramref name="side"/>; every mistake is a usage error.</summary>
    public async Task<V2vIntentPayload> PayloadAsync(WalletContext context, V2vSide side)
    {
        var price = ValueParsers.Price(context.Get(Price)!, Price.Name);
        if (price == 0)
        {
            throw WalletException.Usage($"{Price.Name}: the price limit must be at least 1 micro/Wh (0.001/kWh)");
        }

        var energy = context.Get(EnergyWh);
        if (energy == 0)
        {
            throw WalletException.Usage($"{EnergyWh.Name}: an intent trades at least 1 Wh");
        }

        var chain = await V2vChain.ReadAsync(context).ConfigureAwait(false);
        var site = chain.Site(context.Get(Site)!, Site.Name);
        var hour = context.Get(Hour) ?? chain.Hour + 1;
        if (hour <= chain.Hour || hour > chain.Hour + V2vChain.IntentHorizonHours)
        {
            throw WalletException.Usage(
                $"{Hour.Name} {Text(hour)}: the next block is in hour {Text(chain.Hour)}, so intents are taken for hours {Text(chain.Hour + 1)} to {Text(chain.Hour + V2vChain.IntentHorizonHours)}");
        }

        var from = context.Get(From) ?? hour;
        var until = context.Get(Until) ?? hour + 1;
        if (from > hour || until <= hour)
        {
            throw WalletException.Usage(
                $"the EV must be parked in the hour it trades: {From.Name} {Text(from)} .. {Until.Name} {Text(until)} (exclusive) does not contain hour {Text(hour)}");
        }

        if (until - from > V2vChain.MaxWindowHours)
        {
            throw WalletException.Usage(
                $"{From.Name} {Text(from)} .. {Until.Name} {Text(until)} is {Text(until - from)} hours; the chain takes an availability window of at most {V2vChain.MaxWindowHours} hours");
        }

        return new V2vIntentPayload(hour, side, energy, price, site, from, until);
    }

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
