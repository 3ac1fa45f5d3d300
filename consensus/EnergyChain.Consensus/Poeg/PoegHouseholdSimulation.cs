using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// The simulated households of a poeg devnet: household i is node i's member key, and its smart meter is the meter
/// key registered with it in genesis. Each registers a grid location once; every market slot it orders for the next
/// slot, and after each slot it ordered for its meter reports what it actually produced and consumed, all through
/// its own node's API as a household's wallet and meter would (<c>ecw report location</c>, <c>ecw market
/// forecast</c>, <c>ecw market meter</c>).
/// Everything is drawn from a fixed seed, so a devnet run is repeatable:
/// <list type="bullet">
/// <item>locations uniform over 20 km x 20 km; consumption around the Ausgrid daily mean of 12.41 kWh, generation
/// around 7.45 kWh with a PV size per household, so some households sell and some buy (whole-day figures keep the
/// numbers comparable with the thesis);</item>
/// <item>price limits on every order: a minimum selling price around the feed-in tariff and a maximum buying price
/// a little under retail; about one order in eight states a limit no member of the market can meet (a seller asking
/// more than twice retail, a buyer offering half the feed-in tariff), so price exclusions show up;</item>
/// <item>meter readings within ±5 % of the forecast;</item>
/// <item>household <see cref="UnderDeliverer"/> forecasts a surplus, sells it, and then produces half of what it
/// forecast: it delivers nothing of what it sold and pays for the shortfall plus the penalty. It never states an
/// impossible limit, so it trades whenever a coalition takes it.</item>
/// </list>
/// </summary>
public sealed class PoegHouseholdSimulation : IDevnetSimulation
{
    /// <summary>The household that under-delivers on purpose.</summary>
    public const int UnderDeliverer = 0;

    private ulong[] _forecastSlot = [];
    private bool[] _registered = [];
    private ulong[] _nextReading = [];
    private HashSet<ulong>[] _ordered = [];

    /// <summary>The location of household <paramref name="index"/> in metres (deterministic).</summary>
    public static (long X, long Y) LocationOf(int index) => (Draw(index, 0, "x") % 20_001, Draw(index, 0, "y") % 20_001);

    /// <summary>The forecast (production, consumption in Wh) of household <paramref name="index"/> for a market slot.</summary>
    public static (ulong Production, ulong Consumption) ForecastOf(int index, ulong slot)
    {
        // PV size 0-2x the mean; daily variation +-40 %: enough spread that sellers and buyers both exist.
        var pvScale = 200 + (Draw(index, 0, "pv") % 1_801);                 // 0.2x .. 2.0x, in thousandths
        var sun = 600 + (Draw(index, slot, "sun") % 801);                   // 0.6 .. 1.4
        var use = 600 + (Draw(index, slot, "use") % 801);
        var consumption = 12_410UL * (ulong)use / 1_000;
        if (index == UnderDeliverer)
        {
            // A surplus of 30-80 % of its consumption, so it sells every slot; half of this production is less than
            // it consumes, so what its meter reads leaves nothing for its buyers.
            return (consumption * (ulong)(1_300 + (Draw(index, slot, "surplus") % 501)) / 1_000, consumption);
        }

        return (7_450UL * (ulong)pvScale / 1_000 * (ulong)sun / 1_000, consumption);
    }

    /// <summary>
    /// Household <paramref name="index"/>'s order for <paramref name="slot"/>: its forecast with a minimum selling
    /// price of 0.9-1.3x the feed-in tariff and a maximum buying price of 0.85-1.0x retail, or, for about one order
    /// in eight (never the <see cref="UnderDeliverer"/>'s), a limit on its side of the market that no member can meet.
    /// </summary>
    public static EnergyReportPayload OrderOf(int index, ulong slot, ulong feedInMicroPerWh, ulong retailMicroPerWh)
    {
        var (production, consumption) = ForecastOf(index, slot);
        var minSell = feedInMicroPerWh * (ulong)(900 + (Draw(index, slot, "min-sell") % 401)) / 1_000;
        var maxBuy = retailMicroPerWh * (ulong)(850 + (Draw(index, slot, "max-buy") % 151)) / 1_000;
        if (index != UnderDeliverer && Draw(index, slot, "out-of-reach") % 8 == 0)
        {
            // Every simulated buyer pays at most retail and every seller asks at least 0.9x feed-in; a limit is kept
            // at or under the other one of the same order, which the node would refuse as inverted.
            if (production > consumption)
            {
                minSell = Math.Min(PoegParameters.MaxPriceMicroPerWh, (2 * retailMicroPerWh) + 1);
                maxBuy = Math.Max(maxBuy, minSell);
            }
            else
            {
                maxBuy = feedInMicroPerWh / 2;
                minSell = Math.Min(minSell, maxBuy);
            }
        }

        return new EnergyReportPayload(slot, production, consumption, minSell, maxBuy);
    }

    /// <summary>
    /// What household <paramref name="index"/>'s meter reads for <paramref name="slot"/> (produced, consumed in Wh):
    /// each within ±5 % of the forecast; the <see cref="UnderDeliverer"/> produced half its forecast.
    /// </summary>
    public static (ulong Produced, ulong Consumed) ReadingOf(int index, ulong slot)
    {
        var (production, consumption) = ForecastOf(index, slot);
        if (index == UnderDeliverer)
        {
            production /= 2;
        }

        return (Deviate(production, Draw(index, slot, "meter-produced")), Deviate(consumption, Draw(index, slot, "meter-consumed")));
    }

    /// <summary>
    /// Runs until <paramref name="stop"/>: every household registers, then orders each new market slot and reads the
    /// last one. The households run side by side, as real ones would: one after the other, a slow node (a loaded
    /// machine) could push the last household's order past the slot that the first one's landed in, so no slot would
    /// ever clear with all of them.
    /// </summary>
    public Task RunAsync(IParticipantClient client, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(client);
        Size(client.Count);
        return ParticipantLoop.RunAsync(client.Count, (i, token) => StepAsync(client, i, token), stop);
    }

    /// <summary>
    /// One step of household <paramref name="i"/>, what <see cref="RunAsync"/> repeats every
    /// <see cref="ParticipantLoop.Interval"/>; a test drives it block by block. Steps of one household run one at a time.
    /// </summary>
    public async Task StepAsync(IParticipantClient client, int i, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (_registered.Length != client.Count)
        {
            Size(client.Count);
        }

        if (!_registered[i])
        {
            var (x, y) = LocationOf(i);
            if (await client.SubmitAsync(i, new GridRegistrationPayload(x, y), stop).ConfigureAwait(false) is { } error && !error.Contains("already registered", StringComparison.Ordinal))
            {
                client.Report($"household {i} could not register its location: {error}");
                return;
            }

            _registered[i] = true;
        }

        var consensus = await client.GetAsync(i, "v1/consensus", stop).ConfigureAwait(false);
        var poeg = consensus.GetProperty("poeg");
        var current = poeg.GetProperty("marketSlot").GetUInt64();

        // The reading first: its window is a few blocks, the order has the whole slot.
        if (current >= 1)
        {
            await ReadAsync(client, i, current - 1, consensus, stop).ConfigureAwait(false);
        }

        var next = current + 1;
        if (_forecastSlot[i] >= next)
        {
            return;
        }

        var order = OrderOf(i, next, poeg.GetProperty("feedInMicroPerWh").GetUInt64(), poeg.GetProperty("retailMicroPerWh").GetUInt64());
        var refused = await client.SubmitAsync(i, order, stop).ConfigureAwait(false);
        if (refused is null || refused.Contains("already ordered", StringComparison.Ordinal))
        {
            _forecastSlot[i] = next;
            _ordered[i].Add(next);
        }
        else if (!refused.Contains("nonce", StringComparison.OrdinalIgnoreCase) && !refused.Contains("no registered grid location", StringComparison.Ordinal))
        {
            // A nonce refusal resynchronises the sender and is retried at once, and a missing location is the
            // household's own registration not committed yet; anything else is worth seeing.
            client.Report($"household {i}'s order for market slot {next} was refused: {refused}");
        }
    }

    /// <summary>Household <paramref name="i"/>'s meter reads <paramref name="slot"/>, once, while its reading window is open.</summary>
    private async Task ReadAsync(IParticipantClient client, int i, ulong slot, JsonElement consensus, CancellationToken stop)
    {
        if (_nextReading[i] > slot)
        {
            return;
        }

        var poeg = consensus.GetProperty("poeg");
        var opened = ((slot + 1) * poeg.GetProperty("marketSlotBlocks").GetUInt64()) + 1;
        var closes = opened + poeg.GetProperty("readingWindowBlocks").GetUInt64();
        var nextBlock = consensus.GetProperty("height").GetUInt64() + 1;
        if (!_ordered[i].Contains(slot) || nextBlock >= closes)
        {
            // Nothing to settle (its order never went in), or the window passed while the node was busy.
            Done();
            return;
        }

        var (produced, consumed) = ReadingOf(i, slot);
        var reading = new MeterReadingPayload(client.AddressOf(i), slot, produced, consumed);
        var refused = await client.SubmitAsync(i, ParticipantKey.Meter, reading, stop).ConfigureAwait(false);
        if (refused is not null && refused.Contains("nonce", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (refused is not null && !refused.Contains("already read", StringComparison.Ordinal) && !refused.Contains("did not order", StringComparison.Ordinal))
        {
            // Once per slot: a meter that retried every step would flood the node for the rest of the window.
            client.Report($"household {i}'s meter reading for market slot {slot} was refused: {refused}");
        }

        Done();

        void Done()
        {
            _nextReading[i] = slot + 1;
            _ordered[i].RemoveWhere(s => s <= slot);
        }
    }

    private void Size(int count)
    {
        _forecastSlot = new ulong[count];
        _registered = new bool[count];
        _nextReading = new ulong[count];
        _ordered = [.. Enumerable.Range(0, count).Select(_ => new HashSet<ulong>())];
    }

    /// <summary><paramref name="value"/> changed by -5 % .. +5 %, by <paramref name="draw"/>.</summary>
    private static ulong Deviate(ulong value, long draw) => value * (ulong)(950 + (draw % 101)) / 1_000;

    private static long Draw(int index, ulong slot, string what)
    {
        var hash = Hash256.Compute(Encoding.UTF8.GetBytes(FormattableString.Invariant($"devnet/household/{index}/{slot}/{what}"))).ToArray();
        return (long)(BinaryPrimitives.ReadUInt64BigEndian(hash) >> 1);
    }
}
