using EnergyChain.Core.Transactions;

namespace EnergyChain.EvLearning;

/// <summary>
/// One EV taking part in a posoc chain, as the devnet simulates it and <c>ecw ev train</c> runs it: it plays its
/// current policy on each day's episode (arrival, departure, prices drawn from its own seed) and reports the hours
/// it is parked, the last one as departing; each round it starts from the chain's global model, trains locally and
/// turns the result into a model-update payload (Q16.16 weights, the local sample count as the FedAvg weight).
/// </summary>
public sealed class EvChainAgent
{
    private readonly ulong _seed;
    private readonly PpoLearner _learner;
    private readonly Dictionary<ulong, IReadOnlyList<EvStepResult>> _days = [];

    public EvChainAgent(ulong seed, EvConfig? config = null, PpoOptions? options = null)
    {
        _seed = seed;
        Config = config ?? EvConfig.Default;
        // Every EV starts from the same initial model (federated learning averages models of one lineage); only the
        // data (days, prices, exploration) differs per EV.
        _learner = new PpoLearner(Config, options ?? PpoOptions.Default, SharedInitSeed);
    }

    /// <summary>The seed of the initial model every EV starts from before the chain has a global model.</summary>
    public const ulong SharedInitSeed = 0xEC_0001;

    public EvConfig Config { get; }

    public ModelShape Shape => _learner.Shape;

    public uint ShapeId => ModelUpdatePayload.ShapeIdOf(Shape.Id);

    /// <summary>Chain micro-units per Wh for one unit per kWh of the environment's prices (grid 6.8 per kWh = 68 micro/Wh, the chain's off-peak tariff).</summary>
    public const double MicroPerWhPerEnvPrice = 10.0;

    /// <summary>The report for hour <paramref name="hourOfDay"/> of day <paramref name="day"/>, or null while the EV is away.</summary>
    public EvReportPayload? ReportFor(ulong day, int hourOfDay)
    {
        if (StepOf(day, hourOfDay) is not { } step)
        {
            return null;
        }

        var report = step.ToReport(Config.SocMax);
        return new EvReportPayload(Ppm(report.Soc), Ppm(report.MaxSoc), (ulong)report.WhCharged, (ulong)report.WhDischarged, report.Departing);
    }

    /// <summary>
    /// The V2V intent the policy makes for hour <paramref name="hourOfDay"/> of day <paramref name="day"/> (chain hour
    /// <c>day x 24 + hourOfDay</c>) at <paramref name="site"/>: the policy's charge becomes a bid, its discharge an
    /// offer, priced around the day's expected V2V price (a seller asks 10 % below it, a buyer bids 10 % above it, so
    /// EVs that expect the same price meet); null while the EV is away or idles.
    /// </summary>
    public V2vIntentPayload? IntentFor(ulong day, int hourOfDay, uint site)
    {
        if (StepOf(day, hourOfDay) is not { } step || Math.Round(step.ExecutedKwh * 1000.0) == 0)
        {
            return null;
        }

        var episode = Episode(day);
        var expected = episode.V2vPrice[hourOfDay] * MicroPerWhPerEnvPrice;
        var sell = step.ExecutedKwh < 0;
        var price = sell ? Math.Floor(expected * 0.9) : Math.Ceiling(expected * 1.1);
        return new V2vIntentPayload(
            (day * 24) + (ulong)hourOfDay,
            sell ? V2vSide.Sell : V2vSide.Buy,
            (ulong)Math.Round(Math.Abs(step.ExecutedKwh) * 1000.0, MidpointRounding.AwayFromZero),
            (ulong)Math.Max(1, price),
            site,
            (day * 24) + (ulong)episode.ArrivalHour,
            (day * 24) + (ulong)episode.DepartureHour);
    }

    private EvEpisode Episode(ulong day) => EvEpisode.Generate(Xoshiro256StarStar.DeriveSeed(_seed, 10_000 + day), Config);

    private EvStepResult? StepOf(ulong day, int hourOfDay)
    {
        if (!_days.TryGetValue(day, out var steps))
        {
            if (_days.Count > 4)
            {
                _days.Clear();
            }

            steps = _days[day] = _learner.Play(Episode(day));
        }

        foreach (var step in steps)
        {
            if (step.Hour == hourOfDay)
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>Trains <paramref name="episodes"/> local episodes from <paramref name="global"/> (null: the local model) and returns the update for <paramref name="round"/>.</summary>
    public ModelUpdatePayload Train(ulong round, int[]? global, int episodes)
    {
        var start = global is { Length: > 0 } weights && weights.Length == _learner.ParameterCount
            ? Q16.Dequantize(weights)
            : _learner.GetParameters();
        var trained = _learner.TrainFrom(start, episodes, Xoshiro256StarStar.DeriveSeed(_seed, 20_000 + round));
        _days.Clear(); // the policy changed: replay the days with it
        return new ModelUpdatePayload(round, (ulong)Math.Max(1, _learner.LastSampleCount), ShapeId, Q16.Quantize(trained));
    }

    private static uint Ppm(double fraction) => (uint)Math.Clamp(Math.Round(fraction * 1_000_000, MidpointRounding.AwayFromZero), 0, 1_000_000);
}
