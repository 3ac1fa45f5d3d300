using System.CommandLine;
using EnergyChain.LoadGen;

var txs = new Option<int>("--txs") { Description = "Transfers to submit", DefaultValueFactory = _ => 100_000 };
var accounts = new Option<int>("--accounts") { Description = "Funded sender accounts", DefaultValueFactory = _ => 500 };
var concurrency = new Option<int>("--concurrency") { Description = "Concurrent HTTP requests", DefaultValueFactory = _ => 32 };
var interval = new Option<int>("--block-interval") { Description = "Node block interval in ms", DefaultValueFactory = _ => 500 };
var root = new RootCommand("Starts a node and measures POST /v1/tx admission, commit throughput and node memory.")
{
    txs, accounts, concurrency, interval,
};
root.SetAction(parse => new LoadRun(
        parse.GetValue(txs), parse.GetValue(accounts), parse.GetValue(concurrency), parse.GetValue(interval), Console.Out)
    .RunAsync().GetAwaiter().GetResult());
return root.Parse(args).Invoke();
