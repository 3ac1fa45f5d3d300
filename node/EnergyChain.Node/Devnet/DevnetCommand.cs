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
        var engine = new Option<string>("--engine")
        {
            Description = "Consensus engine of the genesis: "
                + string.Join("; ", NodeEngines.Registry.Modules.Select(m => $"\"{m.Name}\": {m.Summary}")),
            DefaultValueFactory = _ => NodeEngines.DefaultDevnetEngine,
        };

        // Each engine module declares its own devnet options: how many participants it simulates, and the genesis
        // parameters a devnet sets (with defaults that suit a devnet rather than a production chain).
        var engineOptions = new List<Option<ulong?>>();
        foreach (var module in NodeEngines.Registry.Modules)
        {
            if (module.Devnet.Participants is { } participants)
            {
                engineOptions.Add(new Option<ulong?>(participants.Option) { Description = $"With --engine {module.Name}: {participants.Description}" });
            }

            foreach (var parameter in module.Devnet.Parameters)
            {
                engineOptions.Add(new Option<ulong?>(parameter.Option)
                {
                    Description = $"With --engine {module.Name}: {parameter.Description} (genesis {parameter.Parameter}; default {parameter.Default})",
                });
            }
        }

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
            Description = "Seconds between progress lines (heights, finalized heights, peers per node, and the engine's summary of its participants' progress whenever it changes); 0 for none",
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
            nodes, engine, home, reset, accounts, interval, chainId, duration, startupTimeout, statusInterval, stopTimeout, logLevel,
        };
        foreach (var option in engineOptions)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var given = engineOptions
                .Where(o => parse.GetValue(o) is not null)
                .ToDictionary(o => o.Name, o => parse.GetValue(o)!.Value, StringComparer.Ordinal);
            var engineName = parse.GetValue(engine)!;
            var participants = NodeEngines.Registry.IsRegistered(engineName) && NodeEngines.Get(engineName).Devnet.Participants is { } p
                && given.TryGetValue(p.Option, out var count) ? (int)Math.Min(count, int.MaxValue) : (int?)null;
            return new DevnetRunner(
            new DevnetOptions
            {
                Nodes = participants ?? parse.GetValue(nodes),
                EngineOptions = given,
                Engine = engineName,
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
            TimeProvider.System).Run();
        });
        return command;
    }
}
