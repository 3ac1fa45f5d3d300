using System.CommandLine;

namespace EnergyChain.Node.Demo;

/// <summary><c>energychain-node demo</c>: one producer, simulated households, blocks committed to SQLite.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var home = new Option<DirectoryInfo?>("--home")
        {
            Description = "Directory for genesis.json and the block store (default: a new temporary directory, removed afterwards)",
        };
        var households = new Option<int>("--households")
        {
            Description = "Number of simulated households paying each other for energy",
            DefaultValueFactory = _ => 50,
        };
        var blocks = new Option<int>("--blocks")
        {
            Description = "Blocks to produce",
            DefaultValueFactory = _ => 20,
        };
        var txs = new Option<int>("--txs-per-block")
        {
            Description = "Energy payments submitted per block",
            DefaultValueFactory = _ => 2_000,
        };
        var seed = new Option<string>("--seed")
        {
            Description = "Seed for the household keys and the payment pattern",
            DefaultValueFactory = _ => "energychain-demo",
        };

        var command = new Command("demo", "Run a single-producer chain of simulated households, commit blocks to SQLite, reopen and verify")
        {
            home, households, blocks, txs, seed,
        };
        command.SetAction(parse =>
        {
            var options = new DemoOptions(
                parse.GetValue(home),
                parse.GetValue(households),
                parse.GetValue(blocks),
                parse.GetValue(txs),
                parse.GetValue(seed)!);
            if (options.Validate() is { } problem)
            {
                Console.Error.WriteLine($"error: {problem}");
                return 2;
            }

            return new DemoRunner(options, Console.Out, TimeProvider.System).Run();
        });
        return command;
    }
}
