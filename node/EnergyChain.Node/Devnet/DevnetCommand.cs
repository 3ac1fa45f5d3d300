using System.CommandLine;
using EnergyChain.Node.Hosting;

namespace EnergyChain.Node.Devnet;

/// <summary><c>energychain-node devnet</c>: a local multi-node network on 127.0.0.1 in one command.</summary>
internal static class DevnetCommand
{
    public static Command Create()
    {
        var nodes = new Option<int>("--nodes", "-n")
        {
            Description = $"Number of nodes (genesis members), 1 to {DevnetOptions.MaxNodes}",
            DefaultValueFactory = _ => DevnetOptions.DefaultNodes,
        };
        var households = new Option<int?>("--households")
        {
            Description = $"With --engine {NodeEngines.Poeg}: the number of simulated households, one node each (replaces --nodes); each registers a grid location and forecasts every market slot",
        };
        var marketSlot = new Option<ulong>("--market-slot-blocks")
        {
            Description = $"With --engine {NodeEngines.Poeg}: blocks per market slot (the first block of a slot settles it)",
            DefaultValueFactory = _ => DevnetOptions.DefaultMarketSlotBlocks,
        };
        var evs = new Option<int?>("--evs")
        {
            Description = $"With --engine {NodeEngines.Posoc}: the number of simulated EVs, one node each (replaces --nodes); each reports hourly and trains every federated round",
        };
        var hourBlocks = new Option<ulong>("--hour-blocks")
        {
            Description = $"With --engine {NodeEngines.Posoc}: blocks per hour of the EV day (a federated round is 24 hours)",
            DefaultValueFactory = _ => DevnetOptions.DefaultHourBlocks,
        };
        var engine = new Option<string>("--engine")
        {
            Description = $"Consensus engine of the genesis: {string.Join(", ", NodeEngines.Names)} (\"{NodeEngines.Pos}\": stake-weighted proposers and BFT finality; \"{NodeEngines.Poeg}\": coalition formation and proof-score election with simulated households; \"{NodeEngines.Pow}\": proof of work, heaviest chain; \"{NodeEngines.Single}\": node0 produces)",
            DefaultValueFactory = _ => NodeEngines.Pos,
        };
        var home = new Option<string>("--home")
        {
            Description = "Devnet directory: DIR/node0..N-1 homes, DIR/genesis.json, DIR/devnet.json; must be empty or absent unless --reset",
            DefaultValueFactory = _ => "devnet",
        };
        var reset = new Option<bool>("--reset")
        {
            Description = "Delete a previous devnet in --home first (refused if the directory holds anything a devnet does not create, or a node still runs there)",
        };
        var accounts = new Option<int>("--accounts")
        {
            Description = $"Funded load/test accounts, each {DevnetOptions.AccountBalance / 1_000_000} EC; key i is PrivateKey.FromSeed(\"{DevnetOptions.AccountSeedPrefix}<i>\") (INSECURE, public dev keys)",
            DefaultValueFactory = _ => DevnetOptions.DefaultAccounts,
        };
        var interval = new Option<int>("--block-interval")
        {
            Description = "Milliseconds between blocks (pos: from deciding a height to starting the next, the commit included)",
            DefaultValueFactory = _ => DevnetOptions.DefaultBlockIntervalMs,
        };
        var chainId = new Option<string>("--chain-id")
        {
            Description = "Chain id of the generated genesis",
            DefaultValueFactory = _ => DevnetOptions.DefaultChainId,
        };
        var duration = new Option<double?>("--duration")
        {
            Description = "Run this many seconds once every node is up, then stop everything cleanly and exit 0 (default: until Ctrl-C / SIGTERM)",
        };
        var startupTimeout = new Option<double>("--startup-timeout")
        {
            Description = "Seconds every node gets to answer /v1/status after start",
            DefaultValueFactory = _ => 90,
        };
        var statusInterval = new Option<double>("--status-interval")
        {
            Description = "Seconds between progress lines (heights, finalized heights, peers per node); 0 for none",
            DefaultValueFactory = _ => 5,
        };
        var stopTimeout = new Option<double>("--stop-timeout")
        {
            Description = "Seconds a node gets to stop after SIGTERM before it is killed",
            DefaultValueFactory = _ => 30,
        };
        var logLevel = new Option<string?>("--log-level")
        {
            Description = "Log level of every node: Verbose, Debug, Information, Warning, Error or Fatal",
        };

        var command = new Command(
            "devnet",
            "Start a local network of N node processes on 127.0.0.1 (one genesis, every node peered with every other, funded dev accounts), "
            + "write DIR/devnet.json, report progress, and stop every node cleanly on Ctrl-C/SIGTERM. Each node logs to DIR/nodeI/node.log.")
        {
            nodes, households, marketSlot, evs, hourBlocks, engine, home, reset, accounts, interval, chainId, duration, startupTimeout, statusInterval, stopTimeout, logLevel,
        };
        command.SetAction(parse => new DevnetRunner(
            new DevnetOptions
            {
                Nodes = parse.GetValue(households) ?? parse.GetValue(evs) ?? parse.GetValue(nodes),
                Evs = parse.GetValue(evs),
                HourBlocks = parse.GetValue(hourBlocks),
                Households = parse.GetValue(households),
                MarketSlotBlocks = parse.GetValue(marketSlot),
                Engine = parse.GetValue(engine)!,
                Home = parse.GetValue(home)!,
                Reset = parse.GetValue(reset),
                Accounts = parse.GetValue(accounts),
                BlockIntervalMs = parse.GetValue(interval),
                ChainId = parse.GetValue(chainId)!,
                DurationSeconds = parse.GetValue(duration),
                StartupTimeoutSeconds = parse.GetValue(startupTimeout),
                StatusIntervalSeconds = parse.GetValue(statusInterval),
                StopTimeoutSeconds = parse.GetValue(stopTimeout),
                LogLevel = parse.GetValue(logLevel),
            },
            Console.Out,
            Console.Error,
            TimeProvider.System).Run());
        return command;
    }
}
