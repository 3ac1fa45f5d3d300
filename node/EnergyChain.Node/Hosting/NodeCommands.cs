using System.CommandLine;

namespace EnergyChain.Node.Hosting;

/// <summary>The <c>init</c>, <c>run</c> and <c>join</c> commands.</summary>
internal static class NodeCommands
{
    public static Command Init()
    {
        var home = HomeOption();
        var genesis = new Option<FileInfo?>("--genesis") { Description = "Use this genesis file instead of generating a single-node one" };
        var chainId = new Option<string>("--chain-id")
        {
            Description = "Chain id of a generated genesis",
            DefaultValueFactory = _ => "energychain-local",
        };
        var fund = new Option<string[]>("--fund")
        {
            Description = "Fund ADDRESS=MICRO_UNITS in a generated genesis (repeatable)",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("init", "Create the node key (mode 0600), config, data directory and genesis in --home")
        {
            home, genesis, chainId, fund,
        };
        command.SetAction(parse => NodeInitializer.Init(
            new NodeHome(parse.GetValue(home)!.FullName),
            parse.GetValue(genesis),
            parse.GetValue(chainId)!,
            parse.GetValue(fund) ?? [],
            Console.Out,
            TimeProvider.System));
        return command;
    }

    public static Command Run()
    {
        var home = HomeOption();
        var api = new Option<string?>("--api") { Description = $"HOST:PORT for the HTTP API (default from config.json, normally {NodeConfig.DefaultApi})" };
        var grpc = new Option<string?>("--grpc") { Description = $"HOST:PORT for the gRPC API, or '{NodeConfig.GrpcOff}' (default from config.json, normally {NodeConfig.DefaultGrpc})" };
        var interval = new Option<int?>("--block-interval") { Description = "Producer: milliseconds between blocks" };
        var logLevel = new Option<string?>("--log-level") { Description = "Verbose, Debug, Information, Warning, Error or Fatal" };
        var empty = new Option<bool?>("--empty-blocks") { Description = "Producer: also produce blocks without transactions" };
        var p2p = new Option<string?>("--p2p") { Description = $"HOST:PORT to accept peer connections on (default from config.json; {NodeConfig.DefaultP2p} when the genesis has several members)" };
        var peers = new Option<string?>("--peers") { Description = "Bootstrap peers, comma-separated HOST:PORT list" };
        var mdns = new Option<bool?>("--mdns") { Description = "Announce and discover nodes on the LAN with mDNS" };
        var command = new Command("run", "Run the node: API, mempool, P2P network and (on the producer) block production, until SIGINT/SIGTERM")
        {
            home, api, grpc, interval, logLevel, empty, p2p, peers, mdns,
        };
        command.SetAction(parse => NodeRunner.Run(
            new NodeHome(parse.GetValue(home)!.FullName),
            new RunOverrides(
                parse.GetValue(api),
                parse.GetValue(interval),
                parse.GetValue(logLevel),
                parse.GetValue(empty),
                parse.GetValue(p2p),
                parse.GetValue(peers)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                parse.GetValue(mdns),
                parse.GetValue(grpc))));
        return command;
    }

    public static Command Join()
    {
        var home = HomeOption();
        var genesis = new Option<FileInfo>("--genesis") { Description = "The network's genesis file", Required = true };
        var peers = new Option<string>("--peers") { Description = "Members' P2P addresses, comma-separated HOST:PORT list", Required = true };
        var memberApi = new Option<string?>("--api") { Description = "HTTP API of a member node (e.g. http://10.0.0.5:8645): wait for funding there and submit the request through it" };
        var name = new Option<string?>("--name") { Description = "Member name (a-z, 0-9, '-', '_', '.'; default from the node address)" };
        var role = new Option<string>("--role") { Description = "household (PV and a smart meter: a meter key is made) or ev", DefaultValueFactory = _ => "household" };
        var location = new Option<string>("--location") { Description = "Grid location: a household's feeder or bus, an EV's charging site", DefaultValueFactory = _ => string.Empty };
        var deposit = new Option<ulong?>("--deposit") { Description = "Deposit to lock in micro-units (default: the genesis minimum)" };
        var fee = new Option<ulong>("--fee") { Description = "Fee of the join request in micro-units", DefaultValueFactory = _ => 0 };
        var listenApi = new Option<string?>("--listen-api") { Description = $"HOST:PORT for this node's HTTP API (default {NodeConfig.DefaultApi})" };
        var listenGrpc = new Option<string?>("--listen-grpc") { Description = $"HOST:PORT for this node's gRPC API, or '{NodeConfig.GrpcOff}' (default {NodeConfig.DefaultGrpc})" };
        var p2p = new Option<string?>("--p2p") { Description = $"HOST:PORT to accept peer connections on (default {NodeConfig.DefaultP2p})" };
        var interval = new Option<int?>("--block-interval") { Description = "Milliseconds between blocks (as the network's other nodes run)" };
        var logLevel = new Option<string?>("--log-level") { Description = "Verbose, Debug, Information, Warning, Error or Fatal" };
        var command = new Command("join", "Join a running network: make the home and keys, request membership (through --api, or print the request), then run the node")
        {
            home, genesis, peers, memberApi, name, role, location, deposit, fee, listenApi, listenGrpc, p2p, interval, logLevel,
        };
        command.SetAction(parse =>
        {
            Uri? api;
            try
            {
                api = MemberApi(parse.GetValue(memberApi));
            }
            catch (NodeSetupException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }

            return NodeJoiner.Join(
            new JoinOptions(
                new NodeHome(parse.GetValue(home)!.FullName),
                parse.GetValue(genesis)!,
                parse.GetValue(peers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                api,
                parse.GetValue(name),
                parse.GetValue(role)!,
                parse.GetValue(location)!,
                parse.GetValue(deposit),
                parse.GetValue(fee),
                new RunOverrides(parse.GetValue(listenApi), parse.GetValue(interval), parse.GetValue(logLevel), null, parse.GetValue(p2p) ?? NodeConfig.DefaultP2p, Grpc: parse.GetValue(listenGrpc))),
            Console.Out);
        });
        return command;
    }

    /// <summary>An http(s) URL, or null for a wrong one (the joiner then says so and exits before making anything).</summary>
    private static Uri? MemberApi(string? text) =>
        text is null ? null
            : Uri.TryCreate(text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new NodeSetupException($"--api '{text}': expected a member's HTTP API URL such as http://10.0.0.5:8645");

    private static Option<DirectoryInfo> HomeOption() => new("--home")
    {
        Description = "The node's home directory (key, config, genesis, data, logs)",
        Required = true,
    };
}
