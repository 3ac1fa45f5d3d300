using System.Net;
using System.Text.Json;
using EnergyChain.Wallet.Api;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// Which market slots to read: the market's progress from the <c>poeg</c> part of <c>GET /v1/consensus</c>, and a
/// household's recent slots from <c>GET /v1/market/{slot}/{address}</c>.
/// </summary>
internal static class MarketSlots
{
    /// <summary>
    /// The last slot whose trades cleared and the last one settled on delivered energy (each null until there is
    /// one). Any engine but poeg has no market, which is said instead of a confusing 404 later.
    /// </summary>
    public static async Task<(ulong? Cleared, ulong? Settled)> ProgressAsync(WalletContext context)
    {
        var consensus = await context.Node.GetConsensusAsync(context.Cancellation).ConfigureAwait(false);
        if (NodeViews.Find(consensus, "poeg") is not { ValueKind: JsonValueKind.Object } poeg)
        {
            throw new WalletException($"the node runs the '{NodeViews.Text(consensus, "engine")}' engine; only poeg has an energy market");
        }

        return (NodeViews.OptionalUInt(poeg, "clearedSlot"), NodeViews.OptionalUInt(poeg, "settledSlot"));
    }

    /// <summary>
    /// The slot <c>ecw market show</c> shows by default: the last settled one, whose figures are final, else the
    /// last cleared one, whose trades are known but not yet delivered.
    /// </summary>
    public static async Task<ulong> DefaultAsync(WalletContext context)
    {
        var (cleared, settled) = await ProgressAsync(context).ConfigureAwait(false);
        return settled ?? cleared ?? throw new WalletException("no market slot has cleared yet; name one with --slot");
    }

    /// <summary>
    /// Up to <paramref name="count"/> of the household's slots, newest first, from <paramref name="latest"/> down to
    /// slot 0. A 404 NotFound is a slot it took no part in and is skipped; any other error stops the walk, naming
    /// the slot, because the rows so far would silently miss slots.
    /// </summary>
    public static async Task<List<JsonElement>> RecentAsync(WalletContext context, string address, ulong latest, int count)
    {
        var views = new List<JsonElement>();
        for (var slot = latest; views.Count < count; slot--)
        {
            try
            {
                views.Add(await context.Node.GetMarketAsync(slot, address, context.Cancellation).ConfigureAwait(false));
            }
            catch (NodeApiException e) when (e.StatusCode == (int)HttpStatusCode.NotFound && e.Code == "NotFound")
            {
                // The household did not take part in this slot.
            }
            catch (NodeApiException e)
            {
                throw new WalletException($"market slot {slot}: {e.Message}", e.ExitCode, e);
            }

            if (slot == 0)
            {
                break;
            }
        }

        return views;
    }
}
