using System.CommandLine;
using EnergyChain.NeoPeer;

var rate = new Option<int>("--rate") { Description = "Offered transfers per second", DefaultValueFactory = _ => 500 };
var seconds = new Option<int>("--seconds") { Description = "How long to offer load", DefaultValueFactory = _ => 30 };
var senders = new Option<int>("--senders") { Description = "Funded sender accounts", DefaultValueFactory = _ => 64 };
var warmup = new Option<int>("--warmup") { Description = "Seconds of load offered (and included) before the measured run", DefaultValueFactory = _ => 10 };
var secondsPerBlock = new Option<int>("--seconds-per-block") { Description = "neo-express block time in whole seconds", DefaultValueFactory = _ => 1 };
var concurrency = new Option<int>("--concurrency") { Description = "Concurrent RPC requests", DefaultValueFactory = _ => 64 };
var neoxp = new Option<string?>("--neoxp") { Description = "The neoxp executable (default: $NEOXP, PATH, ~/.dotnet/tools)" };
var root = new RootCommand("Runs a 4-node Neo N3 network (neo-express, dBFT) on this machine and measures sustained NEP-17 transfers/s and submission-to-final latency, as energychain-loadgen cluster measures ours.")
{
    rate, seconds, senders, warmup, secondsPerBlock, concurrency, neoxp,
};
root.SetAction(async (parse, _) =>
{
    // Ctrl+C cancels the run instead of killing this process, so the node processes are stopped on the way out.
    using var cancel = new CancellationTokenSource();
    ConsoleCancelEventHandler onCancel = (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    Console.CancelKeyPress += onCancel;
    try
    {
        var settings = new NeoPeerSettings(
            parse.GetValue(rate), parse.GetValue(seconds), parse.GetValue(senders), parse.GetValue(warmup), parse.GetValue(secondsPerBlock),
            parse.GetValue(concurrency), parse.GetValue(neoxp));
        var result = await new NeoPeerRun(settings, Console.Out).RunAsync(cancel.Token);
        return result.Committed == result.Submitted ? 0 : 2;
    }
    catch (NeoPeerSetupException e)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 3;
    }
    catch (OperationCanceledException) when (cancel.IsCancellationRequested)
    {
        Console.Error.WriteLine("cancelled; the neo-express nodes were stopped");
        return 130;
    }
    finally
    {
        Console.CancelKeyPress -= onCancel;
    }
});
return await root.Parse(args).InvokeAsync();
