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

    /// <summary>
    /// Balance of every meter account, for engines whose participants have meters: 1,000 EC, the fees of a million
    /// readings at the devnet's fee (a meter pays fees like any sender).
    /// </summary>
    public const ulong MeterBalance = 1_000UL * 1_000_000UL;

    public int Nodes { get; init; } = DefaultNodes;

    /// <summary>
    /// The engine options given on the command line, by option name: the engine's participant count (e.g.
    /// <c>--households</c>, which also sets the node count) and its genesis parameters (e.g. <c>--market-slot-blocks</c>).
    /// Each belongs to one engine module (<see cref="Consensus.Engine.EngineDevnet"/>); absent ones take its defaults.
    /// </summary>
    public IReadOnlyDictionary<string, ulong> EngineOptions { get; init; } = new Dictionary<string, ulong>(StringComparer.Ordinal);

    public string Engine { get; init; } = NodeEngines.DefaultDevnetEngine;

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

    /// <summary>The genesis <c>consensus.params</c> of the devnet's engine: its devnet parameters and fixed ones, as JSON.</summary>
    public string EngineParametersJson()
    {
        var devnet = NodeEngines.Get(Engine).Devnet;
        var fields = devnet.Parameters
            .Select(p => new KeyValuePair<string, string>(p.Parameter, (EngineOptions.TryGetValue(p.Option, out var value) ? value : p.Default).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Concat(devnet.FixedParameters)
            .Select(f => $"\"{f.Key}\": {f.Value}");
        return $"{{{string.Join(", ", fields)}}}";
    }

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

        if (ValidateEngineOptions() is { } engineError)
        {
            return engineError;
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

    private string? ValidateEngineOptions()
    {
        foreach (var (option, value) in EngineOptions.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var owner = NodeEngines.Registry.Modules.FirstOrDefault(m => m.Devnet.Participants?.Option == option || m.Devnet.Parameters.Any(p => p.Option == option));
            if (owner is null)
            {
                return $"{option} is not an option of any engine in this version";
            }

            if (owner.Name != Engine)
            {
                return $"{option} belongs to the {owner.Name} engine and needs --engine {owner.Name} (got {Engine})";
            }

            if (owner.Devnet.Participants is { } participants && participants.Option == option)
            {
                if (value != (ulong)Nodes)
                {
                    return $"{option} {value} must match --nodes {Nodes}: every {participants.Noun} runs a node (leave --nodes out)";
                }
            }
            else
            {
                var parameter = owner.Devnet.Parameters.First(p => p.Option == option);
                if (value < parameter.Min || value > parameter.Max)
                {
                    return $"{option} must be between {parameter.Min} and {parameter.Max} (got {value})";
                }
            }
        }

        return null;
    }
}
