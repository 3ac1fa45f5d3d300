using BenchmarkDotNet.Attributes;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Benchmarks.Micro;

/// <summary>
/// <see cref="TxPool.Add(ReadOnlySpan{byte})"/> of 10,000 encoded transfers from 300 senders into an empty
/// pool: decode, stateless checks, signature (fresh verifier, so each one is checked), nonce and balance
/// against the chain, insert. From one thread, from all cores at once (the signature check runs outside the
/// pool lock), and with the signatures already cached (pool bookkeeping alone). Times are per transaction.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SingleInvocationConfig))]
public class MempoolBenchmarks
{
    public const int Count = 10_000;

    private byte[][] _encoded = null!;
    private TestChain _chain = null!;
    private TxPool _pool = null!;

    [GlobalSetup]
    public void Setup() =>
        _encoded = BenchData.Transfers(Count, BlockApplyBenchmarks.Accounts).Select(tx => tx.Encoded.ToArray()).ToArray();

    [IterationSetup(Targets = [nameof(AdmitOneThread), nameof(AdmitAllCores)])]
    public void FreshPool()
    {
        _chain = new TestChain(users: BlockApplyBenchmarks.Accounts, crypto: BenchData.Backend(BenchData.Native), seed: "bench");
        _pool = new TxPool(_chain.Chain);
    }

    [IterationSetup(Target = nameof(AdmitPreverified))]
    public void FreshPoolWarmSignatures()
    {
        FreshPool();
        foreach (var bytes in _encoded)
        {
            _ = _chain.Signatures.Verify(Transaction.Decode(bytes));
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public int AdmitOneThread()
    {
        var added = 0;
        foreach (var bytes in _encoded)
        {
            added += _pool.Add(bytes).Accepted ? 1 : 0;
        }

        return Check(added);
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int AdmitAllCores()
    {
        var added = 0;
        Parallel.For(0, Environment.ProcessorCount, worker =>
        {
            var mine = 0;
            for (var i = worker; i < _encoded.Length; i += Environment.ProcessorCount)
            {
                mine += _pool.Add(_encoded[i]).Accepted ? 1 : 0;
            }

            Interlocked.Add(ref added, mine);
        });
        return Check(added);
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int AdmitPreverified()
    {
        var added = 0;
        foreach (var bytes in _encoded)
        {
            added += _pool.Add(bytes).Accepted ? 1 : 0;
        }

        return Check(added);
    }

    private int Check(int added) =>
        added == Count && _pool.Count == Count ? added : throw new InvalidOperationException($"admitted {added}, pool holds {_pool.Count} of {Count}");
}
