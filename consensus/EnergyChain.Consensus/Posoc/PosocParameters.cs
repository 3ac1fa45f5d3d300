using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Federated;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Transactions;
using EnergyChain.EvLearning;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// Parameters of the <c>posoc</c> engine, from <c>genesis.consensus.params</c> (every field optional, unknown fields
/// are errors):
/// <code>
/// { "proposeTimeoutMs": 3000, "hourBlocks": 10, "roundHours": 24, "betaPpm": 100000, "maxReportWh": 50000,
///   "modelShape": "ec-ppo-mlp/v1/in12-h32-h32-pi7-v1/tanh/f32", "modelParameters": 1736, "aggregation": "fedavg-capped",
///   "touOffPeakPriceMicro": 68000, "touMidPeakPriceMicro": 100000, "touOnPeakPriceMicro": 129000, "touHours": "...",
///   "sites": "depot", "v2vMaxPriceMicroPerWh": 1000, "v2vPenaltyPpm": 100000 }
/// </code>
/// Time is counted in blocks so that every node agrees on it from heights alone: an hour of the EV day is
/// <c>hourBlocks</c> blocks, and a federated round, the term of one mLAG (the thesis's H = 24 hours), is
/// <c>roundHours</c> hours. The default model is the EV learner's (12 inputs, two hidden layers of 32, 7 action
/// logits and a value head: 1,736 weights).
/// </summary>
public sealed record PosocParameters
{
    public const string DefaultModelShape = "ec-ppo-mlp/v1/in12-h32-h32-pi7-v1/tanh/f32";

    /// <summary>The largest model a round aggregates: its Q16.16 weights must fit an account record (64 KiB).</summary>
    public const int MaxModelParameters = 16_000;

    private static readonly string[] OwnFields =
        ["proposeTimeoutMs", "hourBlocks", "roundHours", "betaPpm", "maxReportWh", "modelShape", "modelParameters", "aggregation", "sites", "v2vMaxPriceMicroPerWh", "v2vPenaltyPpm"];

    /// <summary>The most charging sites a genesis may list (site ids are indexes into the list).</summary>
    public const int MaxSites = 1024;

    /// <summary>Every key genesis consensus.params may set for this engine (the tariff's among them).</summary>
    public static readonly IReadOnlyList<string> FieldNames = [.. OwnFields, .. TimeOfUseTariff.FieldNames];

    public ulong ProposeTimeoutMs { get; init; } = 3000;

    /// <summary>Blocks per hour of the EV day.</summary>
    public ulong HourBlocks { get; init; } = 10;

    /// <summary>Hours per federated round and mLAG term (H of eq. 4.17).</summary>
    public ulong RoundHours { get; init; } = 24;

    /// <summary>beta of eq. 4.20: the share of every EV's profit in a round owed to the round's mLAG (ppm).</summary>
    public ulong BetaPpm { get; init; } = 100_000;

    /// <summary>The most energy an hourly report may say was charged or discharged (Wh).</summary>
    public ulong MaxReportWh { get; init; } = 50_000;

    public string ModelShape { get; init; } = DefaultModelShape;

    public int ModelParameters { get; init; } = 1_736;

    public AggregationSpec Aggregation { get; init; } = AggregationSpec.CappedFedAvg;

    public TimeOfUseTariff Tariff { get; init; } = TimeOfUseTariff.Default;

    /// <summary>
    /// The charging sites where EVs trade with each other, by name; an intent names its site by index. A site is the
    /// unit the operator publishes (a parking facility or a grid cell), never raw GPS: a position would tell every
    /// member where an EV parks, while matching only needs to know which EVs can plug into each other.
    /// </summary>
    public IReadOnlyList<string> Sites { get; init; } = ["depot"];

    /// <summary>The highest price limit a V2V intent may state, in micro-units per Wh.</summary>
    public ulong V2vMaxPriceMicroPerWh { get; init; } = 1_000;

    /// <summary>A seller's penalty for matched energy it does not deliver: this share (ppm) of the energy's grid price in the hour.</summary>
    public ulong V2vPenaltyPpm { get; init; } = 100_000;

    public uint ShapeId => ModelUpdatePayload.ShapeIdOf(ModelShape);

    public ulong RoundBlocks => HourBlocks * RoundHours;

    /// <summary>The hour (counted from genesis) of the block at <paramref name="height"/>.</summary>
    public ulong HourOf(ulong height) => height == 0 ? 0 : (height - 1) / HourBlocks;

    /// <summary>The federated round of the block at <paramref name="height"/>.</summary>
    public ulong RoundOf(ulong height) => height == 0 ? 0 : (height - 1) / RoundBlocks;

    /// <summary>Whether the block at <paramref name="height"/> opens a round (and so closes the previous one).</summary>
    public bool IsRoundStart(ulong height) => height != 0 && (height - 1) % RoundBlocks == 0;

    public ulong RoundStartHeight(ulong round) => (round * RoundBlocks) + 1;

    /// <summary>Whether the block at <paramref name="height"/> opens an hour (V2V matching and settlement happen there).</summary>
    public bool IsHourStart(ulong height) => height != 0 && (height - 1) % HourBlocks == 0;

    /// <summary>The height of the block that opens <paramref name="hour"/>.</summary>
    public ulong HourStartHeight(ulong hour) => (hour * HourBlocks) + 1;

    /// <summary>Hours after its delivery hour h that hour h is settled: readings are taken in hours h and h + 1.</summary>
    public const ulong SettlementDelayHours = 2;

    /// <summary>The grid's time-of-use price in <paramref name="hour"/> (counted from genesis), micro-units per Wh (rounded down).</summary>
    public ulong GridPriceMicroPerWh(ulong hour) => Tariff.PriceMicro(Tariff.PeriodAt((int)(hour % 24))) / 1000;

    /// <summary>The cheapest grid price of the day (off-peak), micro-units per Wh: the grid cost of energy an EV sells (see docs/posoc.md).</summary>
    public ulong OffPeakMicroPerWh => Tariff.PriceMicro(TouPeriod.OffPeak) / 1000;

    public static PosocParameters FromGenesis(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        return Parse(genesis.EngineParametersJson);
    }

    public static PosocParameters Parse(string? json)
    {
        var p = StrictJsonParameters.Parse(json);
        var d = new PosocParameters();
        foreach (var field in (string[])["slashPpm", "exclusionBlocks", "unbondingBlocks"])
        {
            p.Forbid(field, "a chain rule applied by the core: set it in genesis \"parameters\", not in consensus.params");
        }

        var aggregationName = p.OptionalString("aggregation");
        AggregationSpec aggregation = d.Aggregation;
        if (aggregationName is not null && !AggregationSpec.TryParse(aggregationName, out aggregation, out var aggregationError))
        {
            throw new EngineParameterException("aggregation", aggregationError);
        }

        var shape = p.OptionalString("modelShape") ?? d.ModelShape;
        if (shape.Length is 0 or > 200)
        {
            throw new EngineParameterException("modelShape", "expected a model shape name of 1 to 200 characters");
        }

        var result = new PosocParameters
        {
            ProposeTimeoutMs = p.UInt64("proposeTimeoutMs", d.ProposeTimeoutMs, 1, PosParameters.MaxDurationMs),
            HourBlocks = p.UInt64("hourBlocks", d.HourBlocks, 1, 1_000_000),
            RoundHours = p.UInt64("roundHours", d.RoundHours, 1, 24 * 366),
            BetaPpm = p.UInt64("betaPpm", d.BetaPpm, 0, 1_000_000),
            MaxReportWh = p.UInt64("maxReportWh", d.MaxReportWh, 1, 10_000_000),
            ModelShape = shape,
            ModelParameters = (int)p.UInt64("modelParameters", (ulong)d.ModelParameters, 1, MaxModelParameters),
            Aggregation = aggregation,
            Tariff = TimeOfUseTariff.Read(p),
            Sites = ParseSites(p.OptionalString("sites")) ?? d.Sites,
            V2vMaxPriceMicroPerWh = p.UInt64("v2vMaxPriceMicroPerWh", d.V2vMaxPriceMicroPerWh, 1, TimeOfUseTariff.MaxPriceMicro / 1000),
            V2vPenaltyPpm = p.UInt64("v2vPenaltyPpm", d.V2vPenaltyPpm, 0, 10_000_000),
        };
        p.EnsureAllRead(EngineNames.Posoc, [.. OwnFields, .. TimeOfUseTariff.FieldNames]);
        return result;
    }

    private static string[]? ParseSites(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var names = text.Split(',', StringSplitOptions.TrimEntries);
        if (names.Length > MaxSites)
        {
            throw new EngineParameterException("sites", $"at most {MaxSites} sites");
        }

        foreach (var name in names)
        {
            if (name.Length is 0 or > 32 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new EngineParameterException("sites", $"site '{name}' must be 1 to 32 letters, digits, '-', '_' or '.' (names separated by commas)");
            }
        }

        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw new EngineParameterException("sites", "site names must be unique");
        }

        return names;
    }
}
