using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Market;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// Parameters of the <c>poeg</c> engine, from <c>genesis.consensus.params</c> (every field optional, unknown fields
/// are errors):
/// <code>
/// { "proposeTimeoutMs": 3000, "marketSlotBlocks": 20, "edcXMetres": 10000, "edcYMetres": 10000,
///   "lossPpmPerKm": 4000, "deltaPpm": 100000, "priceMicroPerWh": 300, "maxForecastWh": 1000000,
///   "maxHouseholds": 400, "feedInMicroPerWh": 80, "retailMicroPerWh": 300, "readingWindowBlocks": 10,
///   "shortfallPenaltyPpm": 100000 }
/// </code>
/// The market slot is counted in blocks, not seconds, so every node agrees on its boundaries from heights alone:
/// the thesis's 24 h slot is <c>86,400,000 / block interval ms</c> blocks; the devnet uses a few seconds' worth.
/// The default loss factor, 0.4 % per km, gives the thesis's 1.8-5.6 % losses for households 4.5-14 km from an EDC
/// in the middle of a 20 km x 20 km area.
/// </summary>
public sealed record PoegParameters
{
    private readonly ulong? _readingWindowBlocks;

    /// <summary>Largest coordinate accepted (metres): 100,000 km is beyond any distribution network.</summary>
    public const long MaxCoordinateMetres = 100_000_000;

    /// <summary>Every key genesis consensus.params may set for this engine.</summary>
    public static readonly IReadOnlyList<string> FieldNames =
        ["proposeTimeoutMs", "marketSlotBlocks", "edcXMetres", "edcYMetres", "lossPpmPerKm", "deltaPpm", "priceMicroPerWh", "maxForecastWh", "maxHouseholds",
            "feedInMicroPerWh", "retailMicroPerWh", "readingWindowBlocks", "shortfallPenaltyPpm"];

    /// <summary>The highest price a household may state as a limit (micro-units per Wh): 1,000 EC per kWh.</summary>
    public const ulong MaxPriceMicroPerWh = 1_000_000;

    /// <summary>How long to wait for the elected sealer's proposal before the next round (as in pos).</summary>
    public ulong ProposeTimeoutMs { get; init; } = 3000;

    /// <summary>Blocks per market slot; the first block of each slot settles it.</summary>
    public ulong MarketSlotBlocks { get; init; } = 20;

    public long EdcXMetres { get; init; } = 10_000;

    public long EdcYMetres { get; init; } = 10_000;

    /// <summary>The DSO's line-loss factor C of eq. 3.11, in parts per million of the energy per km.</summary>
    public long LossPpmPerKm { get; init; } = 4_000;

    /// <summary>delta of eq. 3.23: the share of the market's saved energy paid as the mining reward (ppm; 0.1 = 100,000).</summary>
    public ulong DeltaPpm { get; init; } = 100_000;

    /// <summary>p_t of eq. 3.17: the value of one Wh in micro-units (300 = 0.30 per kWh).</summary>
    public ulong PriceMicroPerWh { get; init; } = 300;

    /// <summary>The largest production or consumption a forecast or a meter reading may state for one slot (Wh); above is "absurd".</summary>
    public ulong MaxForecastWh { get; init; } = 1_000_000;

    /// <summary>What the EDC pays for a Wh fed into the grid (micro-units): a seller's default minimum price.</summary>
    public ulong FeedInMicroPerWh { get; init; } = 80;

    /// <summary>What the EDC charges for a Wh it supplies (micro-units): a buyer's default maximum price, and what a seller pays for energy it failed to deliver.</summary>
    public ulong RetailMicroPerWh { get; init; } = 300;

    /// <summary>
    /// Blocks after a slot ends during which its meter readings are taken; the next block settles the slot on the
    /// delivered energy. Less than a slot, so a slot settles before the next one ends (default: half a slot, at most 10).
    /// </summary>
    public ulong ReadingWindowBlocks
    {
        get => _readingWindowBlocks ?? Math.Max(1, Math.Min(10, MarketSlotBlocks / 2));
        init => _readingWindowBlocks = value;
    }

    /// <summary>The penalty on energy a seller contracted and did not deliver, in ppm of its value at the retail tariff (10 %).</summary>
    public ulong ShortfallPenaltyPpm { get; init; } = 100_000;

    /// <summary>The most households one market slot settles (the outcome must fit a block header's consensus data).</summary>
    public int MaxHouseholds { get; init; } = 400;

    public GridParameters Grid => new(EdcXMetres, EdcYMetres, LossPpmPerKm);

    /// <summary>The market slot a block at <paramref name="height"/> belongs to (height 1 starts slot 0).</summary>
    public ulong MarketSlotOf(ulong height) => height == 0 ? 0 : (height - 1) / MarketSlotBlocks;

    /// <summary>Whether the block at <paramref name="height"/> is the first of its market slot (and so settles it).</summary>
    public bool IsSettlementHeight(ulong height) => height != 0 && (height - 1) % MarketSlotBlocks == 0;

    /// <summary>The first height of market slot <paramref name="slot"/>: the block that clears it.</summary>
    public ulong SettlementHeightOf(ulong slot) => (slot * MarketSlotBlocks) + 1;

    /// <summary>The height whose block settles <paramref name="slot"/> on delivered energy (readings are taken before it).</summary>
    public ulong DeliveryHeightOf(ulong slot) => SettlementHeightOf(slot + 1) + ReadingWindowBlocks;

    /// <summary>The slot the block at <paramref name="height"/> settles on delivered energy, or null if it settles none.</summary>
    public ulong? DeliverySlotAt(ulong height) =>
        height != 0 && MarketSlotOf(height) >= 1 && (height - 1) % MarketSlotBlocks == ReadingWindowBlocks ? MarketSlotOf(height) - 1 : null;

    public static PoegParameters FromGenesis(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        return Parse(genesis.EngineParametersJson);
    }

    /// <summary>Parses the parameter object; throws <see cref="EngineParameterException"/> naming the bad field.</summary>
    public static PoegParameters Parse(string? json)
    {
        var p = StrictJsonParameters.Parse(json);
        var d = new PoegParameters();
        foreach (var field in (string[])["slashPpm", "exclusionBlocks", "unbondingBlocks"])
        {
            p.Forbid(field, "a chain rule applied by the core: set it in genesis \"parameters\", not in consensus.params");
        }

        var slotBlocks = p.UInt64("marketSlotBlocks", d.MarketSlotBlocks, 2, 1_000_000);
        var result = new PoegParameters
        {
            ProposeTimeoutMs = p.UInt64("proposeTimeoutMs", d.ProposeTimeoutMs, 1, PosParameters.MaxDurationMs),
            MarketSlotBlocks = slotBlocks,
            EdcXMetres = (long)p.UInt64("edcXMetres", (ulong)d.EdcXMetres, 0, MaxCoordinateMetres),
            EdcYMetres = (long)p.UInt64("edcYMetres", (ulong)d.EdcYMetres, 0, MaxCoordinateMetres),
            LossPpmPerKm = (long)p.UInt64("lossPpmPerKm", (ulong)d.LossPpmPerKm, 0, 100_000),
            DeltaPpm = p.UInt64("deltaPpm", d.DeltaPpm, 0, 1_000_000),
            PriceMicroPerWh = p.UInt64("priceMicroPerWh", d.PriceMicroPerWh, 0, 1_000_000),
            MaxForecastWh = p.UInt64("maxForecastWh", d.MaxForecastWh, 1, 1_000_000_000_000),
            MaxHouseholds = (int)p.UInt64("maxHouseholds", (ulong)d.MaxHouseholds, 1, 1_000),
            FeedInMicroPerWh = p.UInt64("feedInMicroPerWh", d.FeedInMicroPerWh, 0, MaxPriceMicroPerWh),
            RetailMicroPerWh = p.UInt64("retailMicroPerWh", d.RetailMicroPerWh, 0, MaxPriceMicroPerWh),
            ReadingWindowBlocks = p.UInt64("readingWindowBlocks", new PoegParameters { MarketSlotBlocks = slotBlocks }.ReadingWindowBlocks, 1, slotBlocks - 1),
            ShortfallPenaltyPpm = p.UInt64("shortfallPenaltyPpm", d.ShortfallPenaltyPpm, 0, 10_000_000),
        };
        if (result.FeedInMicroPerWh > result.RetailMicroPerWh)
        {
            throw new EngineParameterException("feedInMicroPerWh", $"the feed-in tariff {result.FeedInMicroPerWh} is above the retail tariff {result.RetailMicroPerWh}: households could buy from the EDC and sell back at a profit");
        }

        p.EnsureAllRead(EngineNames.Poeg, [.. FieldNames]);
        return result;
    }
}
