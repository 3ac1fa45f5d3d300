using BenchmarkDotNet.Attributes;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Harness;

namespace EnergyChain.Benchmarks.Micro;

/// <summary>
/// <see cref="BlockExecutor.Apply"/> of a 10,000-transfer block among 300 accounts: with every signature
/// already in the verifier's cache (the mempool saw them) and with a fresh verifier that must check all
/// 10,000 in parallel. Apply only computes changes, so the same block is applied again each time.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SingleInvocationConfig))]
public class BlockApplyBenchmarks
{
    public const int Transfers = 10_000;
    public const int Accounts = 300;

    private TestChain _chain = null!;
    private Block _block = null!;
    private BlockExecutor _warmExecutor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _chain = new TestChain(users: Accounts, crypto: BenchData.Backend(BenchData.Native), seed: "bench");
        var txs = BenchData.Transfers(Transfers, Accounts);
        _block = _chain.Build(txs);
        if (_block.Transactions.Count != Transfers)
        {
            throw new InvalidOperationException($"built a block of {_block.Transactions.Count} transactions, expected {Transfers}");
        }

        _warmExecutor = new BlockExecutor(_chain.Chain.Executor.Parameters, _chain.Signatures);
        Check(_warmExecutor.Apply(_chain.Chain, _block));
    }

    [Benchmark(Baseline = true)]
    public BlockApplyResult ApplySignaturesPreverified() => _warmExecutor.Apply(_chain.Chain, _block);

    [Benchmark]
    public BlockApplyResult ApplyVerifyingSignatures()
    {
        var executor = new BlockExecutor(_chain.Chain.Executor.Parameters, new SignatureVerifier(_chain.Crypto));
        return Check(executor.Apply(_chain.Chain, _block));
    }

    private static BlockApplyResult Check(BlockApplyResult result) =>
        result.IsValid ? result : throw new InvalidOperationException($"benchmark block refused: {result}");
}
