using System.CommandLine;
using EnergyChain.Bench;

var defaults = new BenchOptions();
var engines = new Option<string>("--engines") { Description = "Engines, comma-separated: pow, pos, poeg, posoc", DefaultValueFactory = _ => string.Join(',', defaults.Engines) };
var nodes = new Option<string>("--nodes") { Description = "Node counts, comma-separated", DefaultValueFactory = _ => string.Join(',', defaults.Nodes) };
var rates = new Option<string>("--rates") { Description = "Offered transfers/s, comma-separated", DefaultValueFactory = _ => string.Join(',', defaults.Rates) };
var seconds = new Option<int>("--seconds") { Description = "Measured seconds of load per cell", DefaultValueFactory = _ => defaults.Seconds };
var warmup = new Option<int>("--warmup") { Description = "Seconds of the same load before each measured run (not measured)", DefaultValueFactory = _ => defaults.WarmupSeconds };
var accounts = new Option<int>("--accounts") { Description = "Sender accounts (the devnet's deterministic ones)", DefaultValueFactory = _ => defaults.Accounts };
var concurrency = new Option<int>("--concurrency") { Description = "Concurrent HTTP requests, or gRPC streams", DefaultValueFactory = _ => defaults.Concurrency };
var interval = new Option<int>("--block-interval") { Description = "Pause after a commit (BFT engines) in ms", DefaultValueFactory = _ => defaults.BlockIntervalMs };
var transport = new Option<string>("--transport") { Description = "How transfers reach the nodes: grpc (SubmitStream) or http (one POST /v1/tx each)", DefaultValueFactory = _ => defaults.Transport };
transport.AcceptOnlyFromAmong("grpc", "http");
var output = new Option<string>("--out") { Description = "Directory for results.json/.csv/.md, the SVG plots and per-cell logs", DefaultValueFactory = _ => defaults.Output };
var peer = new Option<string?>("--peer") { Description = "Also run a same-machine peer at the same rates: neo (a 4-node neo-express network; skipped with a message when neoxp is missing)" };
var quick = new Option<bool>("--quick") { Description = "CI matrix: pos and poeg, 4 nodes, 300/s, 5 s after 2 s of warm-up (overrides the matrix options)" };
var thesis = new Option<bool>("--thesis") { Description = "The thesis's comparison: poeg and pow block insertion time on 10 nodes (ten households), 100/s, 60 s (overrides the matrix options)" };
var consensus = new Command("consensus", "Runs engines x node counts x offered loads on real devnets (each engine's market participants running beside the transfers) and writes JSON, CSV, Markdown and SVG reports. See docs/consensus-benchmark.md.")
{
    engines, nodes, rates, seconds, warmup, accounts, concurrency, interval, transport, output, peer, quick, thesis,
};
consensus.SetAction(async (parse, cancellationToken) =>
{
    BenchOptions options;
    try
    {
        options = new BenchOptions
        {
            Engines = List(parse.GetValue(engines)!),
            Nodes = List(parse.GetValue(nodes)!).Select(int.Parse).ToArray(),
            Rates = List(parse.GetValue(rates)!).Select(int.Parse).ToArray(),
            Seconds = parse.GetValue(seconds),
            WarmupSeconds = parse.GetValue(warmup),
            Accounts = parse.GetValue(accounts),
            Concurrency = parse.GetValue(concurrency),
            BlockIntervalMs = parse.GetValue(interval),
            Transport = parse.GetValue(transport)!,
            Output = parse.GetValue(output)!,
            Peer = parse.GetValue(peer),
        };
    }
    catch (FormatException e)
    {
        Console.Error.WriteLine($"error: --nodes and --rates take comma-separated whole numbers ({e.Message})");
        return 1;
    }

    if (parse.GetValue(quick) && parse.GetValue(thesis))
    {
        Console.Error.WriteLine("error: --quick and --thesis are two different matrices; choose one");
        return 1;
    }

    options = parse.GetValue(quick) ? BenchOptions.Quick(options) : parse.GetValue(thesis) ? BenchOptions.Thesis(options) : options;
    if (options.Validate() is { } error)
    {
        Console.Error.WriteLine($"error: {error}");
        return 1;
    }

    var result = await new ConsensusBench(options, "energychain-bench " + string.Join(' ', args), Console.Out, live: !Console.IsOutputRedirected).RunAsync(cancellationToken);
    return result.Cells.All(c => c.Error is null) ? 0 : 2;
});
var root = new RootCommand("Benchmarks for people comparing consensus variants (see docs/consensus-benchmark.md).") { consensus };
return await root.Parse(args).InvokeAsync();

static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
