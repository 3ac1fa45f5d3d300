using BenchmarkDotNet.Running;
using EnergyChain.Benchmarks.P2P;
using EnergyChain.Benchmarks.Pipeline;

namespace EnergyChain.Benchmarks;

/// <summary>
/// Entry point. <c>pipeline ...</c> runs the end-to-end harness, <c>p2p gossip|sync ...</c> the P2P harness; <c>store ...</c> the block stores side by side; <c>contracts</c> the trading-contract throughput harness; <c>posoc-experiment ...</c> the PoSOC federated-learning experiment; <c>coalitions</c>, <c>poeg-experiment</c> and <c>poeg-chain-case</c> the PoEG market harnesses (Market/); anything else goes to BenchmarkDotNet's
/// switcher (<c>--filter '*'</c>, <c>--list flat</c>, <c>--job short</c>, ...).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && string.Equals(args[0], "pipeline", StringComparison.OrdinalIgnoreCase))
        {
            return PipelineHarness.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "contracts", StringComparison.OrdinalIgnoreCase))
        {
            return Contracts.TradingCallsHarness.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "coalitions", StringComparison.OrdinalIgnoreCase))
        {
            return Market.CoalitionHarness.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "poeg-experiment", StringComparison.OrdinalIgnoreCase))
        {
            return Market.PoegExperiment.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "poeg-chain-case", StringComparison.OrdinalIgnoreCase))
        {
            return Market.PoegChainCase.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "posoc-experiment", StringComparison.OrdinalIgnoreCase))
        {
            return Posoc.PosocExperiment.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "store", StringComparison.OrdinalIgnoreCase))
        {
            return Micro.StoreCompareHarness.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "p2p", StringComparison.OrdinalIgnoreCase))
        {
            return P2PHarness.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
