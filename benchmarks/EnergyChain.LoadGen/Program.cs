using System.CommandLine;
using EnergyChain.LoadGen;

var txs = new Option<int>("--txs") { Description = "Transfers to submit", DefaultValueFactory = _ => 100_000 };
var accounts = new Option<int>("--accounts") { Description = "Funded sender accounts", DefaultValueFactory = _ => 500 };
var concurrency = new Option<int>("--concurrency") { Description = "Concurrent HTTP requests", DefaultValueFactory = _ => 32 };
var interval = new Option<int>("--block-interval") { Description = "Node block interval in ms", DefaultValueFactory = _ => 500 };
var transport = new Option<string>("--transport")
{
    Description = "How transactions reach the node: http (one POST /v1/tx each), grpc (SubmitStream) or both, one after the other, side by side",
    DefaultValueFactory = _ => "both",
};
transport.AcceptOnlyFromAmong("http", "grpc", "both");
var root = new RootCommand("Starts a node and measures transaction admission (HTTP POST and gRPC streaming), commit throughput and node memory.")
{
    txs, accounts, concurrency, interval, transport,
};
root.SetAction(parse => SideBySide.RunLoad(
    SideBySide.Transports(parse.GetValue(transport)!),
    t => new LoadRun(parse.GetValue(txs), parse.GetValue(accounts), parse.GetValue(concurrency), parse.GetValue(interval), t, Console.Out),
    Console.Out));

var engine = new Option<string>("--engine") { Description = "Consensus engine of the devnet: pow, pos, poeg or posoc (energychain-bench consensus runs them all)", DefaultValueFactory = _ => "pos" };
var nodes = new Option<int>("--nodes") { Description = "Node processes", DefaultValueFactory = _ => 4 };
var rate = new Option<int>("--rate") { Description = "Offered transfers per second", DefaultValueFactory = _ => 3_500 };
var seconds = new Option<int>("--seconds") { Description = "How long to offer load", DefaultValueFactory = _ => 30 };
var clusterAccounts = new Option<int>("--accounts") { Description = "Sender accounts (the devnet's deterministic ones)", DefaultValueFactory = _ => 1_000 };
var clusterConcurrency = new Option<int>("--concurrency") { Description = "Concurrent HTTP requests, or gRPC streams", DefaultValueFactory = _ => 64 };
var clusterTransport = new Option<string>("--transport")
{
    Description = "How transfers reach the nodes: http, grpc or both (two devnets, one after the other)",
    DefaultValueFactory = _ => "both",
};
clusterTransport.AcceptOnlyFromAmong("http", "grpc", "both");
var clusterInterval = new Option<int>("--block-interval") { Description = "Pause after a commit (pos) in ms", DefaultValueFactory = _ => 200 };
var warmup = new Option<int>("--warmup") { Description = "Seconds of load offered (and committed) before the measured run, so the nodes are past the JIT", DefaultValueFactory = _ => 10 };
var home = new Option<string?>("--home") { Description = "Keep the devnet in this directory (default: a temporary one, deleted)" };
var cluster = new Command("cluster", "Starts a devnet and measures sustained transfers/s and time from submission to finality (see docs/performance.md).")
{
    engine, nodes, rate, seconds, clusterAccounts, clusterConcurrency, clusterInterval, home, warmup, clusterTransport,
};
cluster.SetAction(parse => SideBySide.RunCluster(
    SideBySide.Transports(parse.GetValue(clusterTransport)!),
    t => new ClusterRun(
        new ClusterSettings(
            parse.GetValue(engine)!, parse.GetValue(nodes), parse.GetValue(rate), parse.GetValue(seconds), parse.GetValue(clusterAccounts),
            parse.GetValue(clusterConcurrency), parse.GetValue(clusterInterval), parse.GetValue(home), parse.GetValue(warmup), Transport: t),
        Console.Out),
    Console.Out));
root.Subcommands.Add(cluster);
return root.Parse(args).Invoke();
