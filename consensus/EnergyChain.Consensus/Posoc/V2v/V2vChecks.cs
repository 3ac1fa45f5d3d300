using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Posoc.V2v;

/// <summary>
/// Which V2V intents and delivery reports the chain takes (the sender is already known to be a member EV). Each
/// refusal names what was wrong with the figures, under a typed error, and changes nothing.
/// </summary>
public static class V2vChecks
{
    /// <summary>How far ahead an intent may be posted: the EV's next day.</summary>
    public const ulong MaxHoursAhead = 24;

    public static TxRejection? Intent(PosocParameters parameters, IStateReader state, Address sender, V2vIntentPayload intent, ulong height)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(intent);
        var now = parameters.HourOf(height);
        if (intent.Hour <= now || intent.Hour > now + MaxHoursAhead)
        {
            return new TxRejection(TxError.ReadingOutOfWindow, $"an intent for hour {intent.Hour} must be posted before the hour opens and at most {MaxHoursAhead} hours ahead; this is hour {now}, so hours {now + 1} to {now + MaxHoursAhead}");
        }

        if (intent.AvailableFromHour > intent.Hour || intent.Hour >= intent.AvailableUntilHour)
        {
            return new TxRejection(TxError.OutsideAvailability, $"hour {intent.Hour} is outside the hours the EV says it is parked ({intent.AvailableFromHour} to {intent.AvailableUntilHour}, the last exclusive)");
        }

        if (intent.AvailableUntilHour - intent.AvailableFromHour > MaxHoursAhead)
        {
            return new TxRejection(TxError.OutsideAvailability, $"an availability of {intent.AvailableUntilHour - intent.AvailableFromHour} hours is longer than a day");
        }

        if (intent.EnergyWh == 0 || intent.EnergyWh > parameters.MaxReportWh)
        {
            return new TxRejection(TxError.ValueOutOfRange, $"{intent.EnergyWh} Wh: an intent trades 1 to {parameters.MaxReportWh} Wh in an hour");
        }

        if (intent.PriceMicroPerWh == 0 || intent.PriceMicroPerWh > parameters.V2vMaxPriceMicroPerWh)
        {
            return new TxRejection(TxError.InvalidPriceLimits, $"price limit {intent.PriceMicroPerWh} micro/Wh: limits are 1 to {parameters.V2vMaxPriceMicroPerWh} micro/Wh on this chain");
        }

        if (intent.Site >= (uint)parameters.Sites.Count)
        {
            return new TxRejection(TxError.UnknownSite, $"site {intent.Site} is not a charging site of this chain; its sites are {string.Join(", ", parameters.Sites.Select((name, i) => $"{i} {name}"))}");
        }

        if (V2vLedger.Intent(state, intent.Hour, sender) is not null)
        {
            return new TxRejection(TxError.DuplicateIntent, $"{sender} already posted its intent for hour {intent.Hour}; one intent per EV and hour");
        }

        return null;
    }

    public static TxRejection? Delivery(PosocParameters parameters, IStateReader state, Address sender, V2vDeliveryPayload delivery, ulong height)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(delivery);
        var now = parameters.HourOf(height);
        if (delivery.Hour > now || now >= delivery.Hour + PosocParameters.SettlementDelayHours)
        {
            return new TxRejection(TxError.ReadingOutOfWindow, $"readings for hour {delivery.Hour} are taken in hours {delivery.Hour} and {delivery.Hour + 1}; this is hour {now}");
        }

        var matching = V2vLedger.Matching(state, delivery.Hour);
        var trade = matching?.Trades.FirstOrDefault(t =>
            (matching.Orders[t.Seller].Ev == sender && matching.Orders[t.Buyer].Ev == delivery.Counterparty) ||
            (matching.Orders[t.Buyer].Ev == sender && matching.Orders[t.Seller].Ev == delivery.Counterparty));
        if (trade is null)
        {
            return new TxRejection(TxError.NotTradeParty, $"{sender} has no matched trade with {delivery.Counterparty} in hour {delivery.Hour}: readings come from the two EVs of a trade, each signing its own");
        }

        if (delivery.EnergyWh > parameters.MaxReportWh)
        {
            return new TxRejection(TxError.ValueOutOfRange, $"{delivery.EnergyWh} Wh exceeds the limit of {parameters.MaxReportWh} Wh in an hour");
        }

        if (V2vLedger.Report(state, delivery.Hour, sender, delivery.Counterparty) is not null)
        {
            return new TxRejection(TxError.DuplicateReading, $"{sender} already reported its reading of hour {delivery.Hour} with {delivery.Counterparty}");
        }

        return null;
    }
}
