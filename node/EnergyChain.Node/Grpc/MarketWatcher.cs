using System.Globalization;
using System.Text.Json;
using EnergyChain.Consensus.Engine;
using EnergyChain.Rpc.V1;

namespace EnergyChain.Node.Grpc;

/// <summary>
/// Follows an engine's market for one SubscribeMarket call: after each block it asks the engine's route for the next
/// slot to clear and the next to settle, and reports those whose block is now in the chain. A slot whose block
/// passed without a clearing or settlement (a V2V hour nobody traded in) is skipped.
/// </summary>
internal sealed class MarketWatcher
{
    private readonly MarketFeed _feed;
    private readonly EngineRouteHandler _route;
    private ulong _nextClear;
    private ulong _nextSettle;

    private MarketWatcher(MarketFeed feed, EngineRouteHandler route)
    {
        _feed = feed;
        _route = route;
    }

    /// <summary>A watcher that reports what clears or settles after <paramref name="head"/>.</summary>
    public static MarketWatcher StartingNow(MarketFeed feed, EngineRouteHandler route, ulong head)
    {
        var watcher = new MarketWatcher(feed, route);
        watcher._nextClear = watcher.FirstNotDue(feed.ClearHeightField, head);
        watcher._nextSettle = watcher.FirstNotDue(feed.SettleHeightField, head);
        return watcher;
    }

    /// <summary>The events of every slot whose clearing or settlement block is at or below <paramref name="head"/>.</summary>
    public IEnumerable<MarketEvent> Advance(ulong head)
    {
        while (Due(_nextClear, _feed.ClearHeightField, head) is { } view)
        {
            if (State(view) != MarketFeed.Open)
            {
                yield return MarketEvents.Cleared(_feed, _nextClear, view);
            }

            _nextClear++;
        }

        while (Due(_nextSettle, _feed.SettleHeightField, head) is { } view)
        {
            if (State(view) == MarketFeed.Settled)
            {
                yield return MarketEvents.Settled(_feed, _nextSettle, view);
            }

            _nextSettle++;
        }
    }

    /// <summary>The slot's view when its <paramref name="heightField"/> block is in the chain, else null.</summary>
    private JsonElement? Due(ulong slot, string heightField, ulong head) =>
        View(slot) is { } view && MarketEvents.UInt(view, heightField) is var height && height <= head && height > 0 ? view : null;

    /// <summary>Due slots form a prefix of all slots: the first that is not, by exponential then binary search.</summary>
    private ulong FirstNotDue(string heightField, ulong head)
    {
        if (Due(0, heightField, head) is null)
        {
            return 0;
        }

        ulong low = 0, high = 1; // Due(low) holds, Due(high) is to be found false
        while (Due(high, heightField, head) is not null)
        {
            low = high;
            high = high >= ulong.MaxValue / 2 ? ulong.MaxValue : high * 2;
        }

        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (Due(middle, heightField, head) is not null)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return high;
    }

    private JsonElement? View(ulong slot)
    {
        var query = new EngineQuery(new Dictionary<string, string>(StringComparer.Ordinal) { [_feed.Parameter] = slot.ToString(CultureInfo.InvariantCulture) });
        var response = _route(query);
        return response.ErrorCode is null && response.Body is { } body ? JsonSerializer.SerializeToElement(body, JsonSerializerOptions.Web) : null;
    }

    private string State(JsonElement view) =>
        view.TryGetProperty(_feed.StateField, out var state) && state.ValueKind == JsonValueKind.String ? state.GetString()! : string.Empty;
}
