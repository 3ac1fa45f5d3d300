using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Benchmarks.Micro;

/// <summary>
/// One SHA-256 of the sizes a node hashes most: a 65-byte tree node and a ~150-byte transfer. The BCL's one-shot
/// (OpenSSL's EVP layer on Linux) against <see cref="Sha256"/> (OpenSSL's low-level functions when loadable).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class Sha256Benchmarks
{
    private byte[] _input = null!;
    private byte[] _digest = null!;

    [Params(65, 150)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (!Sha256.IsNative)
        {
            throw new InvalidOperationException("OpenSSL's low-level SHA-256 is not loadable here; both rows would measure the BCL");
        }

        _input = new byte[Bytes];
        new Random(7).NextBytes(_input);
        _digest = new byte[Sha256.DigestSize];
    }

    [Benchmark(Baseline = true)]
    public byte Bcl()
    {
        SHA256.HashData(_input, _digest);
        return _digest[0];
    }

    [Benchmark]
    public byte LowLevelOpenSsl()
    {
        Sha256.HashData(_input, _digest);
        return _digest[0];
    }
}
