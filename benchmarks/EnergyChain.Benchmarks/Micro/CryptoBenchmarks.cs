using BenchmarkDotNet.Attributes;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Benchmarks.Micro;

/// <summary>
/// One ECDSA sign and one verify per backend (single thread). <see cref="Verify"/> is the node's case, the sender's
/// parsed key cached; <see cref="VerifyParsingKey"/> parses the 33-byte key every time (cache off), as for a new sender.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class CryptoBenchmarks
{
    private readonly byte[] _secret = new byte[32];
    private readonly byte[] _hash = new byte[32];
    private readonly byte[] _signature = new byte[Signature.Size];
    private readonly byte[] _publicKey = new byte[PublicKey.Size];
    private ISecp256k1 _crypto = null!;
    private ISecp256k1 _parsingEveryKey = null!;

    [Params(BenchData.Native, BenchData.NBitcoin)]
    public string Backend { get; set; } = BenchData.Native;

    [GlobalSetup]
    public void Setup()
    {
        _crypto = BenchData.Backend(Backend);
        _parsingEveryKey = BenchData.BackendParsingEveryKey(Backend);
        var key = PrivateKey.FromSeed("bench/crypto", _crypto);
        key.ExportSecret().CopyTo(_secret, 0);
        key.PublicKey.Span.CopyTo(_publicKey);
        Hash256.Compute("EnergyChain benchmark message"u8).CopyTo(_hash);
        _crypto.Sign(_secret, _hash, _signature);
        if (!_crypto.Verify(_publicKey, _hash, _signature) || !_parsingEveryKey.Verify(_publicKey, _hash, _signature))
        {
            throw new InvalidOperationException("the benchmark signature does not verify");
        }
    }

    [Benchmark]
    public byte[] Sign()
    {
        _crypto.Sign(_secret, _hash, _signature);
        return _signature;
    }

    [Benchmark]
    public bool Verify() => _crypto.Verify(_publicKey, _hash, _signature);

    [Benchmark]
    public bool VerifyParsingKey() => _parsingEveryKey.Verify(_publicKey, _hash, _signature);
}
