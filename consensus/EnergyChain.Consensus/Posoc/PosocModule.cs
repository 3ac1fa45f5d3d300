using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Posoc.V2v;
using EnergyChain.Core.Genesis;
using EnergyChain.EvLearning;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// The posoc engine as a module (thesis chapter 4): EVs report hourly, the mLAG of each federated round is elected
/// by 24-hour score and aggregates the EVs' model updates, blocks are final by BFT votes. Serves <c>/v1/model</c>; a
/// devnet simulates one EV per node, training the default model shape.
/// </summary>
public sealed class PosocModule : IEngineModule
{
    /// <summary>Blocks per hour of the EV day on a devnet: a round (24 hours) is then 96 blocks, about half a minute.</summary>
    public const ulong DevnetHourBlocks = 4;

    private static readonly PosocParameters Defaults = new();
    private static readonly TimeOfUseParameters Tariff = new();

    public string Name => EngineNames.Posoc;

    public string Summary => "Proof of State of Charge: EVs report hourly, the mLAG elected by 24-hour score aggregates their federated model updates, BFT finality";

    public IReadOnlyList<EngineParameterInfo> Parameters { get; } =
    [
        new("proposeTimeoutMs", "integer", $"{Defaults.ProposeTimeoutMs}", "how long validators wait for the mLAG's proposal before the next round"),
        new("hourBlocks", "integer", $"{Defaults.HourBlocks}", "blocks per hour of the EV day"),
        new("roundHours", "integer", $"{Defaults.RoundHours}", "hours per federated round (an mLAG's term)"),
        new("betaPpm", "integer", $"{Defaults.BetaPpm}", "beta of eq. 4.20: the share of each EV's profit paid to the mLAG, in ppm"),
        new("maxReportWh", "integer", $"{Defaults.MaxReportWh}", "the largest energy one hourly report may state"),
        new("modelShape", "string", Defaults.ModelShape, "the shape id of the model the EVs train"),
        new("modelParameters", "integer", $"{Defaults.ModelParameters}", "the number of weights of that model"),
        new("aggregation", "string", Defaults.Aggregation.ToString(), "how the mLAG aggregates the updates: fedavg-capped (default), fedavg, median or trimmed-mean:K"),
        new("sites", "string", string.Join(",", Defaults.Sites), "the charging sites where EVs trade with each other, comma-separated names; an intent names its site by index"),
        new("v2vMaxPriceMicroPerWh", "integer", $"{Defaults.V2vMaxPriceMicroPerWh}", "the highest price limit a V2V intent may state, in micro-units per Wh"),
        new("v2vPenaltyPpm", "integer", $"{Defaults.V2vPenaltyPpm}", "a seller's penalty for matched energy it did not deliver, as ppm of that energy's grid price"),
        new("touHours", "string", Tariff.Hours, "24 letters, one per hour of the day: o off-peak, m mid-peak, p on-peak"),
        new("touOffPeakPriceMicro", "integer", $"{Tariff.OffPeakPriceMicro}", "the off-peak grid price per kWh, in micro-units"),
        new("touMidPeakPriceMicro", "integer", $"{Tariff.MidPeakPriceMicro}", "the mid-peak grid price per kWh, in micro-units"),
        new("touOnPeakPriceMicro", "integer", $"{Tariff.OnPeakPriceMicro}", "the on-peak grid price per kWh, in micro-units"),
    ];

    public bool RevertsBlocks => false;

    public IReadOnlyList<EngineRoute> Routes { get; } = [PosocReadModel.ModelRoute, V2vReadModel.HourRoute, V2vReadModel.EvRoute];

    public EngineDevnet Devnet { get; } = new()
    {
        Participants = new(
            "--evs",
            "EV",
            "the number of simulated EVs, one node each (replaces --nodes); each reports hourly, trades energy with the other EVs (V2V) and trains every federated round",
            () => new PosocEvSimulation()),
        Parameters = [new("--hour-blocks", "hourBlocks", DevnetHourBlocks, 1, 1_000_000, "blocks per hour of the EV day (a federated round is 24 hours)")],
        FixedParameters =
        [
            new("modelShape", $"\"{ModelShape.Default.Id}\""),
            new("modelParameters", $"{ModelShape.Default.ParameterCount}"),
        ],
        ConsensusSummary = "hour, round, mLAG, the V2V sites and last matched and settled hours, every EV's 24-hour score, profit and fee due",
        ProgressField = "lastV2vSettled",
    };

    public IConsensusEngine CreateEngine(GenesisDocument genesis) => new PosocEngine(genesis);

    public IEngineNode CreateNode(IConsensusEngine engine, EngineNodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var posoc = (PosocEngine)engine;
        var v2v = new V2vReadModel(posoc, context.Chain);
        var reads = new PosocReadModel(posoc, context.Chain, v2v);
        return new ReplicaEngineNode(posoc, context, reads.Status, new Dictionary<string, EngineRouteHandler>
        {
            [PosocReadModel.ModelRoute.Path] = reads.Model,
            [V2vReadModel.HourRoute.Path] = v2v.Hour,
            [V2vReadModel.EvRoute.Path] = v2v.Ev,
        });
    }
}
