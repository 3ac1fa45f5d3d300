using System.Buffers.Binary;
using System.Text;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// The simulated households of a poeg devnet: household i is node i's member key. Each registers a grid location
/// once and then, every market slot, forecasts its production and consumption for the next slot through its own
/// node's API, as a real household's wallet would (<c>ecw report location</c>, <c>ecw report energy</c>).
/// Locations and profiles are drawn from a fixed seed, so a devnet run is repeatable: locations uniform over
/// 20 km x 20 km; consumption around the Ausgrid daily mean of 12.41 kWh, generation around 7.45 kWh with a PV
/// size per household, so some households sell and some buy. (Scaled down to a market slot would be more
/// realistic, but whole-day figures keep the numbers comparable with the thesis.)
/// </summary>
public sealed class PoegHouseholdSimulation : IDevnetSimulation
{
    private ulong[] _forecastSlot = [];
    private bool[] _registered = [];

    /// <summary>The location of household <paramref name="index"/> in metres (deterministic).</summary>
    public static (long X, long Y) LocationOf(int index) => (Draw(index, 0, "x") % 20_001, Draw(index, 0, "y") % 20_001);

    /// <summary>The forecast (production, consumption in Wh) of household <paramref name="index"/> for a market slot.</summary>
    public static (ulong Production, ulong Consumption) ForecastOf(int index, ulong slot)
    {
        // PV size 0-2x the mean; daily variation +-40 %: enough spread that sellers and buyers both exist.
        var pvScale = 200 + (Draw(index, 0, "pv") % 1_801);                 // 0.2x .. 2.0x, in thousandths
        var sun = 600 + (Draw(index, slot, "sun") % 801);                   // 0.6 .. 1.4
        var use = 600 + (Draw(index, slot, "use") % 801);
        var production = 7_450UL * (ulong)pvScale / 1_000 * (ulong)sun / 1_000;
        var consumption = 12_410UL * (ulong)use / 1_000;
        return (production, consumption);
    }

    /// <summary>
    /// Runs until <paramref name="stop"/>: every household registers, then forecasts each new market slot. The
    /// households run side by side, as real ones would: one after the other, a slow node (a loaded machine) could
    /// push the last household's forecast past the slot that the first one's landed in, so no slot would ever
    /// settle with all of them.
    /// </summary>
    public Task RunAsync(IParticipantClient client, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(client);
        _forecastSlot = new ulong[client.Count];
        _registered = new bool[client.Count];
        return ParticipantLoop.RunAsync(client.Count, (i, token) => StepAsync(client, i, token), stop);
    }

    private async Task StepAsync(IParticipantClient client, int i, CancellationToken stop)
    {
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

        var poeg = (await client.GetAsync(i, "v1/consensus", stop).ConfigureAwait(false)).GetProperty("poeg");
        var next = poeg.GetProperty("marketSlot").GetUInt64() + 1;
        if (_forecastSlot[i] >= next)
        {
            return;
        }

        var (production, consumption) = ForecastOf(i, next);
        var refused = await client.SubmitAsync(i, new EnergyReportPayload(next, production, consumption), stop).ConfigureAwait(false);
        if (refused is null || refused.Contains("already forecast", StringComparison.Ordinal))
        {
            _forecastSlot[i] = next;
        }
        else if (!refused.Contains("nonce", StringComparison.OrdinalIgnoreCase) && !refused.Contains("no registered grid location", StringComparison.Ordinal))
        {
            // A nonce refusal resynchronises the sender and is retried at once, and a missing location is the
            // household's own registration not committed yet; anything else is worth seeing.
            client.Report($"household {i}'s forecast for market slot {next} was refused: {refused}");
        }
    }

    private static long Draw(int index, ulong slot, string what)
    {
        var hash = Hash256.Compute(Encoding.UTF8.GetBytes(FormattableString.Invariant($"devnet/household/{index}/{slot}/{what}"))).ToArray();
        return (long)(BinaryPrimitives.ReadUInt64BigEndian(hash) >> 1);
    }
}
