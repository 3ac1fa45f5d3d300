using System.Text.Json;
using EnergyChain.Consensus.Engine;
using EnergyChain.EvLearning;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// The simulated EVs of a posoc devnet: EV i is node i's member key with its own seeded days (arrival, departure,
/// prices; <see cref="EvChainAgent"/>). Every hour of the chain's EV day it reports while parked (the last parked
/// hour as departing), and every federated round it downloads the global model (<c>/v1/model</c>), trains a few
/// local episodes from it and sends its update, as <c>ecw report ev</c> and <c>ecw ev train</c> would.
/// </summary>
public sealed class PosocEvSimulation : IDevnetSimulation
{
    /// <summary>Local episodes per round: enough to move the model, cheap enough for a devnet on one machine.</summary>
    public const int EpisodesPerRound = 8;

    private EvChainAgent[] _agents = [];
    private ulong[] _reportedHour = [];
    private ulong[] _trainedRound = [];

    /// <summary>Runs until <paramref name="stop"/>; the EVs run side by side, each against its own node.</summary>
    public Task RunAsync(IParticipantClient client, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(client);
        _agents = [.. Enumerable.Range(0, client.Count).Select(i => new EvChainAgent((ulong)i + 1))];
        _reportedHour = new ulong[client.Count];
        _trainedRound = new ulong[client.Count];
        return ParticipantLoop.RunAsync(client.Count, (i, token) => StepAsync(client, i, token), stop);
    }

    private async Task StepAsync(IParticipantClient client, int i, CancellationToken stop)
    {
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
}
