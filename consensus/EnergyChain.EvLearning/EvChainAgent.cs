using EnergyChain.Core.Transactions;

namespace EnergyChain.EvLearning;

/// <summary>
/// One EV taking part in a posoc chain, as the devnet simulates it and <c>ecw ev train</c> runs it: it plays its
/// current policy on each day's episode (arrival, departure, prices drawn from its own seed) and reports the hours
/// it is parked, the last one as departing; each round it starts from the chain's global model, trains locally and
/// turns the result into a model-update payload (Q16.16 weights, the local sample count as the FedAvg weight).
/// Its environment trades on a market model (by default a simulated double auction) that its own recorded on-chain
/// trades correct (<see cref="RecordTrade"/>), so what it learns is priced by what it actually gets matched.
/// </summary>
public sealed class EvChainAgent
{
    private readonly ulong _seed;
    private readonly PpoLearner _learner;
    private readonly Dictionary<ulong, IReadOnlyList<EvStepResult>> _days = [];

    /// <param name="seed">The EV's own seed: its days, its simulated market population, its exploration.</param>
    /// <param name="config">The environment; null: thesis defaults on a <see cref="SimulatedV2vMarket"/>. Its market is the
    /// prior of the agent's <see cref="Market"/>, which learns from <see cref="RecordTrade"/>.</param>
    /// <param name="options">PPO hyper-parameters; null: defaults.</param>
    public EvChainAgent(ulong seed, EvConfig? config = null, PpoOptions? options = null)
    {
        _seed = seed;
        var baseConfig = config ?? EvConfig.Default with { Market = new SimulatedV2vMarket(Xoshiro256StarStar.DeriveSeed(seed, 30_000)) };
        Market = new EmpiricalV2vMarket(baseConfig.Market);
        Config = baseConfig with { Market = Market };
        // Every EV starts from the same initial model (federated learning averages models of one lineage); only the
        // data (days, prices, exploration) differs per EV.
        _learner = new PpoLearner(Config, options ?? PpoOptions.Default, SharedInitSeed);
    }

    /// <summary>The seed of the initial model every EV starts from before the chain has a global model.</summary>
    public const ulong SharedInitSeed = 0xEC_0001;

    /// <summary>The environment the agent plays and trains in; its market is <see cref="Market"/>.</summary>
    public EvConfig Config { get; }

    /// <summary>The agent's market model: its prior, corrected by the trades recorded with <see cref="RecordTrade"/>.</summary>
    public EmpiricalV2vMarket Market { get; }

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
    /// offer, priced around the day's expected V2V price by <see cref="V2vOrderPricing"/> (a seller asks 10 % below it,
    /// a buyer bids 10 % above it, so EVs that expect the same price meet); null while the EV is away or idles. The
    /// size is the whole clipped action, not what the agent's market model expects to match.
    /// </summary>
    public V2vIntentPayload? IntentFor(ulong day, int hourOfDay, uint site)
    {
        if (StepOf(day, hourOfDay) is not { } step || Math.Round(step.IntentKwh * 1000.0) == 0)
        {
            return null;
        }

        var episode = Episode(day);
        var expected = episode.V2vPrice[hourOfDay] * MicroPerWhPerEnvPrice;
        var side = step.IntentKwh < 0 ? V2vSide.Sell : V2vSide.Buy;
        var limit = V2vOrderPricing.Limit(side, expected);
        var price = side == V2vSide.Sell ? Math.Floor(limit) : Math.Ceiling(limit);
        return new V2vIntentPayload(
            (day * 24) + (ulong)hourOfDay,
            side,
            (ulong)Math.Round(Math.Abs(step.IntentKwh) * 1000.0, MidpointRounding.AwayFromZero),
            (ulong)Math.Max(1, price),
            site,
            (day * 24) + (ulong)episode.ArrivalHour,
            (day * 24) + (ulong)episode.DepartureHour);
    }

    /// <summary>
    /// Feeds one of the EV's real on-chain trades into <see cref="Market"/>: in chain hour <paramref name="chainHour"/> it
    /// posted <paramref name="intentWh"/> on <paramref name="side"/>, <paramref name="matchedWh"/> of it matched at
    /// <paramref name="priceMicroPerWh"/> (ignored when nothing matched). The price is stored relative to the V2V price
    /// the EV expected that hour, so the next local training sees the market's real fill ratio and price level.
    /// </summary>
    public void RecordTrade(ulong chainHour, V2vSide side, ulong intentWh, ulong matchedWh, ulong priceMicroPerWh)
    {
        ArgumentOutOfRangeException.ThrowIfZero(intentWh);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(matchedWh, intentWh);
        var hour = (int)(chainHour % 24);
        var expected = Episode(chainHour / 24).V2vPrice[hour] * MicroPerWhPerEnvPrice;
        var ratio = matchedWh > 0 ? priceMicroPerWh / expected : 0.0;
        // The days already played are kept: replaying them now could change hours already reported. The next Train
        // replays them against the updated model.
        Market.Record(hour, side, intentWh / 1000.0, matchedWh / 1000.0, ratio);
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
