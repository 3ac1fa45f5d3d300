using BenchmarkDotNet.Attributes;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Benchmarks.Micro;

/// <summary>
/// Canonical encoding of one transfer: create (encode + both hashes + sign), decode (parse + both hashes),
/// the two hashes alone, and a 10,000-transaction block body encoded and decoded.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class TransactionCodecBenchmarks
{
    private const int BlockTxs = 10_000;

    private PrivateKey _key = null!;
    private Address _to;
    private byte[] _encoded = null!;
    private Block _block = null!;
    private byte[] _encodedBlock = null!;

    [GlobalSetup]
    public void Setup()
    {
        var crypto = BenchData.Backend(BenchData.Native);
        _key = PrivateKey.FromSeed("bench/codec", crypto);
        _to = PrivateKey.FromSeed("bench/codec/to", crypto).Address;
        _encoded = CreateSigned().Encoded.ToArray();
        var txs = BenchData.Transfers(BlockTxs, 300);
        var header = new BlockHeader { Height = 1, TxRoot = Block.ComputeTxRoot(txs) }.SignWith(_key);
        _block = new Block(header, txs);
        _encodedBlock = _block.Encode();
    }

    /// <summary>Encode + signing hash + tx hash + libsecp256k1 signature.</summary>
    [Benchmark]
    public Transaction CreateSigned() =>
        Transaction.Create(TestChain.DefaultChainId, _key, 7, 1, new TransferPayload(_to, 1_000));

    /// <summary>Parse and validate the layout, copy, and compute the tx hash and the signing hash.</summary>
    [Benchmark]
    public Transaction Decode() => Transaction.Decode(_encoded);

    [Benchmark]
    public Hash256 TxHash() => Hash256.Compute(_encoded);

    [Benchmark]
    public Hash256 SigningHash() => Hash256.ComputeTagged("EnergyChain/tx/v1"u8, _encoded.AsSpan(0, _encoded.Length - Signature.Size));

    [Benchmark(OperationsPerInvoke = BlockTxs)]
    public byte[] BlockEncodePerTx() => _block.Encode();

    [Benchmark(OperationsPerInvoke = BlockTxs)]
    public Block BlockDecodePerTx() => Block.Decode(_encodedBlock);

    [Benchmark(OperationsPerInvoke = BlockTxs)]
    public Hash256 TxRootPerTx() => Block.ComputeTxRoot(_block.Transactions);
}
