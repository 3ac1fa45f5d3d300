using System.Text.Json;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.EvLearning;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// The simulated EVs of a posoc devnet: EV i is node i's member key with its own seeded days (arrival, departure,
/// prices; <see cref="EvChainAgent"/>). Every hour of the chain's EV day it reports while parked (the last parked
/// hour as departing), and every federated round it downloads the global model (<c>/v1/model</c>), trains a few
/// local episodes from it and sends its update, as <c>ecw report ev</c> and <c>ecw ev train</c> would.
/// It also trades energy with the other EVs (V2V), as <c>ecw ev auto</c> would:
/// <list type="bullet">
/// <item>every hour it posts its policy's intent for the next hour (<see cref="EvChainAgent.IntentFor"/>) at site
/// <c>i mod</c> the number of sites in <c>posoc.sites</c>;</item>
/// <item>when an hour is matched (<c>posoc.lastMatchedHour</c>) it reads <c>/v1/v2v/{hour}</c> and reports one
/// delivery per trade it is a party to, the matched Wh, while the report window (that hour and the next) is open;</item>
/// <item>EV <see cref="UnderDeliverer"/> always sells (a bid of its policy becomes an offer of the same energy) and
/// reports 25 % less than it matched, while its buyers report the matched Wh: the chain confirms the smaller,
/// so its trades settle with a discrepancy and a penalty;</item>
/// <item>when an hour settles (<c>posoc.lastSettledHour</c>) one line sums it up through
/// <see cref="IParticipantClient.Report"/>.</item>
/// </list>
/// </summary>
public sealed class PosocEvSimulation : IDevnetSimulation
{
    /// <summary>Local episodes per round: enough to move the model, cheap enough for a devnet on one machine.</summary>
    public const int EpisodesPerRound = 8;

    /// <summary>The EV that sells every hour it trades and delivers a quarter less than it sold.</summary>
    public const int UnderDeliverer = 0;

    private readonly Lock _settlementLock = new();
    private EvChainAgent[] _agents = [];
    private ulong[] _reportedHour = [];
    private ulong[] _trainedRound = [];
    private ulong[] _intendedHour = [];
    private ulong[] _deliveredHour = [];
    private ulong _summarizedHour;

    /// <summary>
    /// EV <paramref name="index"/>'s intent for chain hour <paramref name="hour"/> at <paramref name="site"/>, or
    /// null while it is away or idle: its policy's, except that the <see cref="UnderDeliverer"/> turns a bid into an
    /// offer of the same energy, asking 10 % under the hour's expected price where the bid offered 10 % over it.
    /// </summary>
    public static V2vIntentPayload? IntentOf(EvChainAgent agent, int index, ulong hour, uint site)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (agent.IntentFor(hour / 24, (int)(hour % 24), site) is not { } intent)
        {
            return null;
        }

        return index == UnderDeliverer && intent.Side == V2vSide.Buy
            ? intent with { Side = V2vSide.Sell, PriceMicroPerWh = Math.Max(1, intent.PriceMicroPerWh * 9 / 11) }
            : intent;
    }

    /// <summary>What EV <paramref name="index"/> reports for a trade of <paramref name="matchedWh"/>: the matched Wh, the <see cref="UnderDeliverer"/>'s sales 25 % less.</summary>
    public static ulong DeliveryOf(int index, bool seller, ulong matchedWh) =>
        index == UnderDeliverer && seller ? matchedWh - (matchedWh / 4) : matchedWh;

    /// <summary>Runs until <paramref name="stop"/>; the EVs run side by side, each against its own node.</summary>
    public Task RunAsync(IParticipantClient client, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(client);
        Size(client.Count);
        return ParticipantLoop.RunAsync(client.Count, (i, token) => StepAsync(client, i, token), stop);
    }

    /// <summary>
    /// One step of EV <paramref name="i"/>, what <see cref="RunAsync"/> repeats every <see cref="ParticipantLoop.Interval"/>;
    /// a test drives it with scripted answers. Steps of one EV run one at a time.
    /// </summary>
    public async Task StepAsync(IParticipantClient client, int i, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (_agents.Length != client.Count)
        {
            Size(client.Count);
        }

        var posoc = (await client.GetAsync(i, "v1/consensus", stop).ConfigureAwait(false)).GetProperty("posoc");
        var hour = posoc.GetProperty("hour").GetUInt64();
        if (_reportedHour[i] < hour + 1)
        {
            _reportedHour[i] = hour + 1;
            if (_agents[i].ReportFor(hour / 24, (int)(hour % 24)) is { } report)
            {
                _ = await client.SubmitAsync(i, report, stop).ConfigureAwait(false);
            }
        }

        // A node from before V2V trading lists no sites: the EVs only report and train.
        if (posoc.TryGetProperty("sites", out var sites) && sites.ValueKind == JsonValueKind.Array && sites.GetArrayLength() > 0)
        {
            await IntendAsync(client, i, hour + 1, (uint)(i % sites.GetArrayLength()), stop).ConfigureAwait(false);
            if (Hour(posoc, "lastMatchedHour") is { } matched && matched + 1 >= hour)
            {
                await DeliverAsync(client, i, matched, stop).ConfigureAwait(false);
            }

            if (Hour(posoc, "lastSettledHour") is { } settled)
            {
                await SummarizeAsync(client, i, settled, stop).ConfigureAwait(false);
            }
        }

        var round = posoc.GetProperty("round").GetUInt64();
        if (_trainedRound[i] < round + 1)
        {
            _trainedRound[i] = round + 1;
            var model = await client.GetAsync(i, "v1/model?weights=true", stop).ConfigureAwait(false);
            int[]? global = model.TryGetProperty("weights", out var weights) && weights.ValueKind == JsonValueKind.Array
                ? [.. weights.EnumerateArray().Select(w => w.GetInt32())]
                : null;
            var update = _agents[i].Train(round, global, EpisodesPerRound);
            if (await client.SubmitAsync(i, update, stop).ConfigureAwait(false) is { } refused)
            {
                client.Report($"EV {i}'s model update for round {round} was refused: {refused}");
            }
        }
    }

    /// <summary>EV <paramref name="i"/>'s intent for <paramref name="next"/>, once; a nonce refusal is retried on the next step.</summary>
    private async Task IntendAsync(IParticipantClient client, int i, ulong next, uint site, CancellationToken stop)
    {
        if (_intendedHour[i] > next)
        {
            return;
        }

        if (IntentOf(_agents[i], i, next, site) is { } intent
            && !await SubmitOnceAsync(client, i, intent, $"V2V intent for hour {next}", stop).ConfigureAwait(false))
        {
            return;
        }

        _intendedHour[i] = next + 1;
    }

    /// <summary>
    /// EV <paramref name="i"/>'s delivery reports for the trades matched for <paramref name="hour"/>, once, while its
    /// report window is open; a nonce refusal is retried on the next step (a report already in is refused again and
    /// not reported).
    /// </summary>
    private async Task DeliverAsync(IParticipantClient client, int i, ulong hour, CancellationToken stop)
    {
        if (_deliveredHour[i] > hour)
        {
            return;
        }

        var me = client.AddressOf(i).ToString();
        var view = await client.GetAsync(i, $"v1/v2v/{hour}", stop).ConfigureAwait(false);
        foreach (var trade in view.GetProperty("trades").EnumerateArray())
        {
            var seller = trade.GetProperty("seller").GetString() == me;
            if (!seller && trade.GetProperty("buyer").GetString() != me)
            {
                continue;
            }

            var counterparty = Address.Parse(trade.GetProperty(seller ? "buyer" : "seller").GetString()!);
            var delivery = new V2vDeliveryPayload(hour, counterparty, DeliveryOf(i, seller, trade.GetProperty("energyWh").GetUInt64()));
            if (!await SubmitOnceAsync(client, i, delivery, $"V2V delivery report for hour {hour}", stop).ConfigureAwait(false))
            {
                return;
            }
        }

        _deliveredHour[i] = hour + 1;
    }

    /// <summary>
    /// One line for a settled hour with trades, from whichever EV sees it first: "V2V hour 42 settled: 3 trades,
    /// 12.0 kWh at 15 micro/Wh, EV0 short 1.0 kWh (penalty 2250 micro), 1 discrepancy".
    /// </summary>
    private async Task SummarizeAsync(IParticipantClient client, int i, ulong hour, CancellationToken stop)
    {
        lock (_settlementLock)
        {
            if (_summarizedHour > hour)
            {
                return;
            }

            _summarizedHour = hour + 1;
        }

        var view = await client.GetAsync(i, $"v1/v2v/{hour}", stop).ConfigureAwait(false);
        if (SettlementLine(view, Enumerable.Range(0, client.Count).Select(j => client.AddressOf(j).ToString()).ToList()) is { } line)
        {
            client.Report(line);
        }
    }

    /// <summary>The summary of a settled <c>/v1/v2v/{hour}</c> view, naming EVs by index in <paramref name="evs"/>; null for an hour without trades.</summary>
    public static string? SettlementLine(JsonElement view, IReadOnlyList<string> evs)
    {
        ArgumentNullException.ThrowIfNull(evs);
        var trades = view.GetProperty("trades").EnumerateArray().ToList();
        if (trades.Count == 0)
        {
            return null;
        }

        ulong matched = 0, value = 0, penalties = 0, discrepancies = 0;
        var shortBy = new SortedDictionary<int, ulong>();
        foreach (var trade in trades)
        {
            var wh = trade.GetProperty("energyWh").GetUInt64();
            matched += wh;
            value += wh * trade.GetProperty("priceMicroPerWh").GetUInt64();
            penalties += trade.GetProperty("penaltyMicro").GetUInt64();
            discrepancies += trade.GetProperty("discrepancyWh").GetUInt64() > 0 ? 1UL : 0;
            var confirmed = trade.GetProperty("confirmedWh") is { ValueKind: JsonValueKind.Number } c ? c.GetUInt64() : 0;
            if (confirmed < wh)
            {
                var seller = IndexOf(evs, trade.GetProperty("seller").GetString()!);
                shortBy[seller] = shortBy.GetValueOrDefault(seller) + (wh - confirmed);
            }
        }

        var line = FormattableString.Invariant(
            $"V2V hour {view.GetProperty("hour").GetUInt64()} settled: {trades.Count} {(trades.Count == 1 ? "trade" : "trades")}, {Kwh(matched)} at {value / matched} micro/Wh");
        if (shortBy.Count > 0)
        {
            line += ", " + string.Join(", ", shortBy.Select(s => FormattableString.Invariant($"{(s.Key < 0 ? "an EV" : $"EV{s.Key}")} short {Kwh(s.Value)}")))
                + FormattableString.Invariant($" (penalties {penalties} micro)");
        }

        return discrepancies == 0 ? line : line + FormattableString.Invariant($", {discrepancies} {(discrepancies == 1 ? "discrepancy" : "discrepancies")}");
    }

    private static int IndexOf(IReadOnlyList<string> evs, string address)
    {
        for (var j = 0; j < evs.Count; j++)
        {
            if (evs[j] == address)
            {
                return j;
            }
        }

        return -1;
    }

    private static string Kwh(ulong wh) => FormattableString.Invariant($"{wh / 1000.0:0.0} kWh");

    private static ulong? Hour(JsonElement posoc, string name) =>
        posoc.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetUInt64() : null;

    /// <summary>
    /// Submits <paramref name="payload"/>; false after a nonce refusal, which resynchronises the sender (the next
    /// submission asks the node again) and is to be retried. Any other refusal is final: reported once, unless it
    /// says the transaction is in already (an earlier try that only looked refused).
    /// </summary>
    private static async Task<bool> SubmitOnceAsync(IParticipantClient client, int i, TxPayload payload, string what, CancellationToken stop)
    {
        if (await client.SubmitAsync(i, payload, stop).ConfigureAwait(false) is not { } refused)
        {
            return true;
        }

        if (refused.Contains("nonce", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!refused.Contains("already", StringComparison.OrdinalIgnoreCase))
        {
            client.Report($"EV {i}'s {what} was refused: {refused}");
        }

        return true;
    }

    private void Size(int count)
    {
        _agents = [.. Enumerable.Range(0, count).Select(i => new EvChainAgent((ulong)i + 1))];
        _reportedHour = new ulong[count];
        _trainedRound = new ulong[count];
        _intendedHour = new ulong[count];
        _deliveredHour = new ulong[count];
    }
}
