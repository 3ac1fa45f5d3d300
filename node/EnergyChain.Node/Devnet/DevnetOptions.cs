using EnergyChain.Node.Hosting;

namespace EnergyChain.Node.Devnet;

/// <summary>What <c>energychain-node devnet</c> was asked to start.</summary>
public sealed record DevnetOptions
{
    public const int DefaultNodes = 4;
    public const int MaxNodes = 64;
    public const int DefaultAccounts = 100;
    public const int MaxAccounts = 100_000;

    /// <summary>The interval the 4-process pos test runs with (PosMultiNodeTests): quick heights, no stalls.</summary>
    public const int DefaultBlockIntervalMs = 200;

    public const string DefaultChainId = "energychain-devnet";

    /// <summary>The load/test account keys are <c>PrivateKey.FromSeed(AccountSeedPrefix + i)</c>: public, insecure, dev only.</summary>
    public const string AccountSeedPrefix = "devnet/account/";

    /// <summary>Balance of every load/test account: 1,000,000 EC in micro-units.</summary>
    public const ulong AccountBalance = 1_000_000UL * 1_000_000UL;

    /// <summary>Spendable balance of every member's node address: 1,000,000 EC.</summary>
    public const ulong MemberBalance = 1_000_000UL * 1_000_000UL;

    /// <summary>Locked stake of every member under an engine that weighs by stake (pos): 1,000,000 EC, equal for all.</summary>
    public const ulong MemberStake = 1_000_000UL * 1_000_000UL;

    /// <summary>Blocks per PoEG market slot on a devnet: a few seconds at the default block interval, so coalitions change visibly.</summary>
    public const ulong DefaultMarketSlotBlocks = 20;

    public int Nodes { get; init; } = DefaultNodes;

    /// <summary>
    /// Under poeg, every node is a household (a member with a key and a grid location) that the devnet simulates:
    /// it registers the location and forecasts every market slot through the node's API. Set by <c>--households</c>
    /// (which also sets the node count); null means one household per node.
    /// </summary>
    public int? Households { get; init; }

    public ulong MarketSlotBlocks { get; init; } = DefaultMarketSlotBlocks;

    /// <summary>Blocks per hour of the EV day on a posoc devnet: a round (24 hours) is then 96 blocks, about half a minute.</summary>
    public const ulong DefaultHourBlocks = 4;

    /// <summary>
    /// Under posoc, every node is an EV that the devnet simulates: hourly reports while parked and a local training
    /// round (from the chain's global model) every federated round. Set by <c>--evs</c> (which sets the node count).
    /// </summary>
    public int? Evs { get; init; }

    public ulong HourBlocks { get; init; } = DefaultHourBlocks;

    public string Engine { get; init; } = NodeEngines.Pos;

    public string Home { get; init; } = "devnet";

    public int Accounts { get; init; } = DefaultAccounts;

    public int BlockIntervalMs { get; init; } = DefaultBlockIntervalMs;

    public string ChainId { get; init; } = DefaultChainId;

    /// <summary>Delete the contents of an existing devnet directory first.</summary>
    public bool Reset { get; init; }

    /// <summary>Stop everything after this many seconds of running (null: until Ctrl-C / SIGTERM).</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>How long every node gets to answer <c>/v1/status</c> after start.</summary>
    public double StartupTimeoutSeconds { get; init; } = 90;

    /// <summary>Seconds between the one-line progress reports (0: none).</summary>
    public double StatusIntervalSeconds { get; init; } = 5;

    /// <summary>Seconds a node gets to stop after SIGTERM before it is killed.</summary>
    public double StopTimeoutSeconds { get; init; } = 30;

    /// <summary>Passed to every node as <c>--log-level</c> (null: the config default).</summary>
    public string? LogLevel { get; init; }

    /// <summary>The first problem with these options, or null when they are usable.</summary>
    public string? Validate()
    {
        if (Nodes is < 1 or > MaxNodes)
        {
            return $"--nodes must be between 1 and {MaxNodes} (got {Nodes})";
        }

        try
        {
            NodeEngines.Validate(Engine);
        }
        catch (NodeSetupException e)
        {
            return $"--engine: {e.Message}";
        }

        if (Households is { } households)
        {
            if (Engine != NodeEngines.Poeg)
            {
                return $"--households simulates PoEG households and needs --engine {NodeEngines.Poeg} (got {Engine})";
            }

            if (households != Nodes)
            {
                return $"--households {households} must match --nodes {Nodes}: every household runs a node (leave --nodes out)";
            }
        }

        if (Evs is { } evs)
        {
            if (Engine != NodeEngines.Posoc)
            {
                return $"--evs simulates PoSOC EVs and needs --engine {NodeEngines.Posoc} (got {Engine})";
            }

            if (evs != Nodes)
            {
                return $"--evs {evs} must match --nodes {Nodes}: every EV runs a node (leave --nodes out)";
            }
        }

        if (HourBlocks is < 1 or > 1_000_000)
        {
            return $"--hour-blocks must be between 1 and 1000000 (got {HourBlocks})";
        }

        if (MarketSlotBlocks is < 2 or > 1_000_000)
        {
            return $"--market-slot-blocks must be between 2 and 1000000 (got {MarketSlotBlocks})";
        }

        if (Accounts is < 0 or > MaxAccounts)
        {
            return $"--accounts must be between 0 and {MaxAccounts} (got {Accounts})";
        }

        if (BlockIntervalMs is < 10 or > 3_600_000)
        {
            return $"--block-interval must be between 10 and 3600000 ms (got {BlockIntervalMs})";
        }

        if (!Core.Transactions.ChainId.IsValid(ChainId, out var chainError))
        {
            return $"--chain-id: {chainError}";
        }

        if (DurationSeconds is { } duration && (duration <= 0 || double.IsNaN(duration) || double.IsInfinity(duration)))
        {
            return $"--duration must be a positive number of seconds (got {duration})";
        }

        if (StartupTimeoutSeconds <= 0 || StopTimeoutSeconds <= 0 || StatusIntervalSeconds < 0)
        {
            return "--startup-timeout and --stop-timeout must be positive, --status-interval zero or positive";
        }

        if (LogLevel is not null && !Enum.TryParse<Serilog.Events.LogEventLevel>(LogLevel, ignoreCase: true, out _))
        {
            return $"--log-level must be one of Verbose, Debug, Information, Warning, Error, Fatal (got '{LogLevel}')";
        }

        if (string.IsNullOrWhiteSpace(Home))
        {
            return "--home must not be empty";
        }

        return null;
    }
}
