using EnergyChain.Core.Crypto;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Core.Tests.Crypto;

public sealed class SignatureVerifierTests
{
    /// <summary>Counts verifications so the tests can prove each signature is checked once per node.</summary>
    private sealed class CountingBackend(ISecp256k1 inner) : ISecp256k1
    {
        private int _verifications;

        public int Verifications => _verifications;

        public string Name => "counting";

        public bool IsValidPrivateKey(ReadOnlySpan<byte> privateKey) => inner.IsValidPrivateKey(privateKey);

        public void DerivePublicKey(ReadOnlySpan<byte> privateKey, Span<byte> compressedPublicKey) => inner.DerivePublicKey(privateKey, compressedPublicKey);

        public void Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> messageHash, Span<byte> signature) => inner.Sign(privateKey, messageHash, signature);

        public bool Verify(ReadOnlySpan<byte> compressedPublicKey, ReadOnlySpan<byte> messageHash, ReadOnlySpan<byte> signature)
        {
            Interlocked.Increment(ref _verifications);
            return inner.Verify(compressedPublicKey, messageHash, signature);
        }
    }

    [Fact]
    public void Batch_finds_the_first_invalid_signature_among_many()
    {
        var t = new TestChain(users: 16);
        var txs = t.RoundRobinTransfers(1_000);
        var verifier = new SignatureVerifier(CryptoBackends.Default);
        Assert.Equal(-1, verifier.VerifyBatch(txs));

        var tampered = txs.ToList();
        foreach (var index in new[] { 700, 333 })
        {
            var bytes = tampered[index].Encoded.ToArray();
            bytes[^5] ^= 0x10;
            tampered[index] = Transaction.Decode(bytes);
        }

        Assert.Equal(333, new SignatureVerifier(CryptoBackends.Default).VerifyBatch(tampered));
    }

    [Fact]
    public void Each_signature_is_verified_once_from_mempool_to_block()
    {
        var counting = new CountingBackend(CryptoBackends.Default);
        var t = new TestChain(users: 8, crypto: counting);
        var pool = new TxPool(t.Chain);
        var txs = t.RoundRobinTransfers(200);
        var before = counting.Verifications;
        foreach (var tx in txs)
        {
            Assert.True(pool.Add(tx).Accepted);
        }

        Assert.Equal(200, counting.Verifications - before);
        var block = t.Build(pool.SelectForBlock(1_000, long.MaxValue));
        Assert.True(t.Chain.TryAppend(block).IsValid);
        // Building and applying added only the producer's block signature check, no transaction signature.
        Assert.Equal(201, counting.Verifications - before);
    }

    [Fact]
    public void Cache_is_bounded_and_forgets_the_oldest_generation()
    {
        var t = new TestChain(users: 4);
        var txs = t.RoundRobinTransfers(30);
        var verifier = new SignatureVerifier(CryptoBackends.Default, cacheCapacity: 10);
        foreach (var tx in txs)
        {
            Assert.True(verifier.Verify(tx));
        }

        Assert.True(verifier.IsKnownValid(txs[^1].Hash));
        Assert.False(verifier.IsKnownValid(txs[0].Hash));
    }

    [Fact]
    public void Invalid_signatures_are_not_cached()
    {
        var t = new TestChain(users: 1);
        var bytes = t.Signed(t.Users[0], 0, new StakePayload(1)).Encoded.ToArray();
        bytes[^1] ^= 1;
        var bad = Transaction.Decode(bytes);
        var verifier = new SignatureVerifier(CryptoBackends.Default);
        Assert.False(verifier.Verify(bad));
        Assert.False(verifier.IsKnownValid(bad.Hash));
    }
}
