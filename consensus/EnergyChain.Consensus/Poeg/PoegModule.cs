using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// The poeg engine as a module (thesis chapter 3): households forecast, each market slot settles by coalition
/// formation, coalitions are elected by proof score, blocks are final by BFT votes. Serves <c>/v1/coalitions</c>; a
/// devnet simulates one household per node.
/// </summary>
public sealed class PoegModule : IEngineModule
{
    /// <summary>Blocks per market slot on a devnet: a few seconds at the devnet's block interval, so coalitions change visibly.</summary>
    public const ulong DevnetMarketSlotBlocks = 20;

    private static readonly PoegParameters Defaults = new();

    public string Name => EngineNames.Poeg;

    public string Summary => "Proof of Energy Generation: households forecast, coalitions form every market slot, the best-scoring coalition mines, BFT finality";

    public IReadOnlyList<EngineParameterInfo> Parameters { get; } =
    [
        new("proposeTimeoutMs", "integer", $"{Defaults.ProposeTimeoutMs}", "how long validators wait for the elected sealer before the next round"),
        new("marketSlotBlocks", "integer", $"{Defaults.MarketSlotBlocks}", "blocks per market slot; the first block of a slot settles it"),
        new("edcXMetres", "integer", $"{Defaults.EdcXMetres}", "the EDC's grid location, x in metres"),
        new("edcYMetres", "integer", $"{Defaults.EdcYMetres}", "the EDC's grid location, y in metres"),
        new("lossPpmPerKm", "integer", $"{Defaults.LossPpmPerKm}", "line loss per km of distance, in parts per million of the energy sent"),
        new("deltaPpm", "integer", $"{Defaults.DeltaPpm}", "delta of eq. 3.23: the share of the saved energy's value paid as mining reward, in ppm"),
        new("priceMicroPerWh", "integer", $"{Defaults.PriceMicroPerWh}", "the price of one Wh traded inside a coalition, in micro-units"),
        new("maxForecastWh", "integer", $"{Defaults.MaxForecastWh}", "the largest production or consumption one forecast may state"),
        new("maxHouseholds", "integer", $"{Defaults.MaxHouseholds}", "the most households one market slot settles (and genesis members)"),
        new("feedInMicroPerWh", "integer", $"{Defaults.FeedInMicroPerWh}", "what the EDC pays for a Wh fed into the grid, in micro-units: a seller's default minimum price"),
        new("retailMicroPerWh", "integer", $"{Defaults.RetailMicroPerWh}", "what the EDC charges for a Wh, in micro-units: a buyer's default maximum price and the charge for a seller's shortfall"),
        new("readingWindowBlocks", "integer", "half a slot, at most 10", "blocks after a slot ends during which its meter readings are taken; the next block settles it on delivered energy"),
        new("shortfallPenaltyPpm", "integer", $"{Defaults.ShortfallPenaltyPpm}", "the penalty on energy a seller did not deliver, in ppm of its shortfall charge"),
    ];

    public bool RevertsBlocks => false;

    public IReadOnlyList<EngineRoute> Routes { get; } = [PoegReadModel.CoalitionsRoute, MarketReadModel.SlotRoute, MarketReadModel.HouseholdRoute];

    public EngineDevnet Devnet { get; } = new()
    {
        Participants = new(
            "--households",
            "household",
            "the number of simulated households, one node each (replaces --nodes); each registers a grid location, orders every market slot with price limits, and its meter reports what it delivered",
            () => new PoegHouseholdSimulation()),
        Parameters = [new("--market-slot-blocks", "marketSlotBlocks", DevnetMarketSlotBlocks, 2, 1_000_000, "blocks per market slot (the first block of a slot clears it, readings for it close half a slot after it ends)")],
        ConsensusSummary = "market slot, miner coalition, every member's proof score, the last settlement",

        // Readings are signed by each household's meter, a key of its own in genesis.
        ParticipantMeters = true,
        ProgressField = "lastSettlement",
    };

    public IConsensusEngine CreateEngine(GenesisDocument genesis) => new PoegEngine(genesis);

    public IEngineNode CreateNode(IConsensusEngine engine, EngineNodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var poeg = (PoegEngine)engine;
        var market = new MarketReadModel(poeg, context.Chain);
        var reads = new PoegReadModel(poeg, context.Chain, market);
        return new ReplicaEngineNode(poeg, context, reads.Status, new Dictionary<string, EngineRouteHandler>
        {
            [PoegReadModel.CoalitionsRoute.Path] = reads.Coalitions,
            [MarketReadModel.SlotRoute.Path] = market.Slot,
            [MarketReadModel.HouseholdRoute.Path] = market.Household,
        });
    }
}
