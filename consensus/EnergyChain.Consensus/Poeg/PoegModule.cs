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

    public string Summary => "Proof of Energy Generation: households order, coalitions clear every market slot, meters settle delivery, the best-scoring coalition mines, BFT finality";

    public IReadOnlyList<EngineParameterInfo> Parameters { get; } =
    [
        new("proposeTimeoutMs", "integer", $"{Defaults.ProposeTimeoutMs}", "how long validators wait for the elected sealer before the next round"),
        new("marketSlotBlocks", "integer", $"{Defaults.MarketSlotBlocks}", "blocks per market slot; the first block of a slot settles it"),
        new("edcXMetres", "integer", $"{Defaults.EdcXMetres}", "the EDC's grid location, x in metres"),
        new("edcYMetres", "integer", $"{Defaults.EdcYMetres}", "the EDC's grid location, y in metres"),
        new("lossPpmPerKm", "integer", $"{Defaults.LossPpmPerKm}", "line loss per km of distance, in parts per million of the energy sent"),
        new("deltaPpm", "integer", $"{Defaults.DeltaPpm}", "delta of eq. 3.23: the share of the saved energy's value paid as mining reward, in ppm"),
        new("priceMicroPerWh", "integer", $"{Defaults.PriceMicroPerWh}", "p_t of eq. 3.17: the value of one saved Wh, in micro-units (mining fees and payoffs)"),
        new("maxForecastWh", "integer", $"{Defaults.MaxForecastWh}", "the largest production or consumption one forecast may state"),
        new("maxHouseholds", "integer", $"{Defaults.MaxHouseholds}", "the most households one market slot settles (and genesis members)"),
        new("feedInMicroPerWh", "integer", $"{Defaults.FeedInMicroPerWh}", "what the EDC pays per Wh fed in: a seller's default minimum price"),
        new("retailMicroPerWh", "integer", $"{Defaults.RetailMicroPerWh}", "what the EDC charges per Wh: a buyer's default maximum price and a seller's price for undelivered energy"),
        new("readingWindowBlocks", "integer", "half a slot, at most 10", "blocks after a slot during which meter readings are taken; the next block settles the slot"),
        new("shortfallPenaltyPpm", "integer", $"{Defaults.ShortfallPenaltyPpm}", "penalty on undelivered energy, in ppm of its value at the retail tariff"),
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
