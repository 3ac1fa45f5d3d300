using System.Diagnostics;
using System.Globalization;
using EnergyChain.Contracts.Native;
using EnergyChain.Contracts.Runtime;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Benchmarks.Contracts;

/// <summary>
/// Trading-contract calls per second inside block execution: blocks of <c>--calls</c> offer/bid calls to the
/// trading system contract (each call writes 7 storage entries and appends to its slot's order list), spread
/// over 200 delivery slots and 64 users. For each block it times <see cref="BlockExecutor.Apply"/> (what every
/// validator runs: stateless checks, signatures, VM execution, state root) twice: with the signature cache warm
/// (as on a node whose mempool already verified the transactions) and with a fresh verifier (signatures
/// included, batch-parallel). Then the block is committed and the next one built on top.
/// <code>dotnet run -c Release --project benchmarks/EnergyChain.Benchmarks -- contracts [--calls 5000] [--blocks 5]</code>
/// </summary>
public static class TradingCallsHarness
{
    public static int Run(string[] args)
    {
        var calls = IntOption(args, "--calls", 5_000);
        var blocks = IntOption(args, "--blocks", 5);
        const int users = 64;
        const int slots = 200;

        var parameters = new ChainParameters { ChainId = TestChain.DefaultChainId, MaxBlockTransactions = 100_000, MaxBlockBytes = 30 * 1024 * 1024 };
        var runtime = new ContractRuntime();
        var test = new TestChain(users, seed: "bench/contracts", parameters: parameters, contracts: runtime);
        var nonces = new ulong[users];
        var warm = new List<double>();
        var cold = new List<double>();
        var serial = 0;
        Console.WriteLine($"trading calls per block: {calls}, blocks: {blocks}, users: {users}, slots: {slots}, cores: {Environment.ProcessorCount}");
        for (var b = 0; b < blocks; b++)
        {
            var txs = new List<Transaction>(calls);
            for (var i = 0; i < calls; i++, serial++)
            {
                var u = serial % users;
                var slot = 1 + ((serial / users) % slots);
                var price = 10 + (serial % 37);
                var payload = u % 2 == 0
                    ? new ContractCallPayload(SystemContracts.TradingAddress, 0, [ContractArg.Int(slot), ContractArg.Int(100), ContractArg.Int(price)], 50, 100_000)
                    : new ContractCallPayload(SystemContracts.TradingAddress, 1, [ContractArg.Int(slot), ContractArg.Int(100), ContractArg.Int(price)], (ulong)(100 * price), 100_000);
                txs.Add(Transaction.Create(test.ChainId, test.Users[u], nonces[u]++, 0, payload));
            }

            var built = test.Chain.Executor.BuildBlock(test.Chain, txs, test.Producer, test.Chain.Head.Timestamp + 1000);
            if (built.Skipped.Count > 0)
            {
                Console.Error.WriteLine($"left out: {built.Skipped.Count}, first: {built.Skipped[0].Reason}");
                return 1;
            }

            var block = built.Block;
            warm.Add(Time(test.Chain.Executor, test.Chain, block, calls));
            var fresh = new BlockExecutor(parameters, new SignatureVerifier(test.Crypto), null, runtime);
            cold.Add(Time(fresh, test.Chain, block, calls));
            var result = test.Chain.TryAppend(block);
            if (!result.IsValid || result.ContractReceipts.Any(r => r.Status != ContractStatus.Ok))
            {
                Console.Error.WriteLine($"block refused or a call failed: {result}");
                return 1;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"block {block.Header.Height}: {calls} calls, apply (signatures cached) {warm[^1]:N0} calls/s, apply (signatures verified) {cold[^1]:N0} calls/s, gas/call {result.ContractReceipts.Average(r => (double)r.GasUsed):N0}"));
        }

        // The first block includes JIT warm-up; report the median of the rest.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median: {Median(warm.Skip(1)):N0} calls/s with cached signatures, {Median(cold.Skip(1)):N0} calls/s verifying signatures (target 20,000)"));
        return 0;
    }

    private static double Time(BlockExecutor executor, IChainState state, Block block, int calls)
    {
        var watch = Stopwatch.StartNew();
        var result = executor.Apply(state, block);
        watch.Stop();
        if (!result.IsValid)
        {
            throw new InvalidOperationException($"apply failed: {result}");
        }

        return calls / watch.Elapsed.TotalSeconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
