using BenchmarkDotNet.Attributes;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Benchmarks.Micro;

/// <summary>
/// Verifying a block's worth of signatures: one thread in a loop versus <see cref="SignatureVerifier.VerifyBatch"/>
/// on a fresh verifier (empty cache, so every signature is checked) spread over all cores. Times are per
/// signature (OperationsPerInvoke), so the ratio of the two is the parallel speed-up.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class BatchVerifyBenchmarks
{
    public const int Count = 10_000;

    private Transaction[] _txs = null!;
    private ISecp256k1 _crypto = null!;

    [GlobalSetup]
    public void Setup()
    {
        _crypto = BenchData.Backend(BenchData.Native);
        _txs = BenchData.Transfers(Count, 300);
        if (new SignatureVerifier(_crypto).VerifyBatch(_txs) != -1)
        {
            throw new InvalidOperationException("a benchmark transaction does not verify");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public int SequentialOneCore()
    {
        var valid = 0;
        Span<byte> hash = stackalloc byte[Hash256.Size];
        foreach (var tx in _txs)
        {
            tx.SigningHash.CopyTo(hash);
            if (_crypto.Verify(tx.Sender.Span, hash, tx.Signature))
            {
                valid++;
            }
        }

        return valid;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int VerifyBatchAllCores() => new SignatureVerifier(_crypto).VerifyBatch(_txs);
}
