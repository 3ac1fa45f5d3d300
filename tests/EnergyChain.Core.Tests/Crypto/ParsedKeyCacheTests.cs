using System.Security.Cryptography;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Tests.Crypto;

/// <summary>The backends cache parsed public keys; results must be exactly those without the cache.</summary>
public sealed class ParsedKeyCacheTests
{
    [Theory]
    [Secp256k1Backends(native: false)]
    [Secp256k1Backends(native: true)]
    public void Cached_keys_still_reject_what_they_did_not_sign(string backend)
    {
        var (crypto, cached) = WithTinyCache(backend);
        var keys = Enumerable.Range(0, 3).Select(i => PrivateKey.FromSeed($"cache/{i}", crypto)).ToArray();
        var hash = SHA256.HashData("meter reading"u8);
        var signatures = keys.Select(k => Sign(crypto, k, hash)).ToArray();

        for (var round = 0; round < 2; round++)
        {
            for (var k = 0; k < keys.Length; k++)
            {
                for (var s = 0; s < signatures.Length; s++)
                {
                    Assert.Equal(k == s, crypto.Verify(keys[k].PublicKey.Span, hash, signatures[s]));
                }
            }
        }

        Assert.Equal(keys.Length, cached());
        var otherHash = (byte[])hash.Clone();
        otherHash[5] ^= 0x10;
        Assert.False(crypto.Verify(keys[0].PublicKey.Span, otherHash, signatures[0]));
    }

    [Theory]
    [Secp256k1Backends(native: false)]
    [Secp256k1Backends(native: true)]
    public void Invalid_keys_are_not_cached_and_a_full_cache_starts_over(string backend)
    {
        var (crypto, cached) = WithTinyCache(backend);
        var hash = SHA256.HashData("ev state of charge"u8);
        var notOnCurve = new byte[PublicKey.Size];
        notOnCurve[0] = 0x02;
        notOnCurve[32] = 0x07; // x = 7 is not the x of any curve point (7^3 + 7 is not a square mod p)
        var key = PrivateKey.FromSeed("cache/invalid", crypto);
        var signature = Sign(crypto, key, hash);
        Assert.False(crypto.Verify(notOnCurve, hash, signature));
        Assert.Equal(0, cached());

        var keys = Enumerable.Range(0, 10).Select(i => PrivateKey.FromSeed($"cache/many/{i}", crypto)).ToArray();
        foreach (var k in keys.Concat(keys))
        {
            Assert.True(crypto.Verify(k.PublicKey.Span, hash, Sign(crypto, k, hash)));
            Assert.InRange(cached(), 1, 4);
        }

        Assert.True(crypto.Verify(key.PublicKey.Span, hash, signature));
        Assert.False(crypto.Verify(keys[0].PublicKey.Span, hash, signature));
    }

    [Theory]
    [Secp256k1Backends(native: false)]
    [Secp256k1Backends(native: true)]
    public void Capacity_zero_caches_nothing_and_still_verifies(string backend)
    {
        var (crypto, cached) = Create(backend, capacity: 0);
        var key = PrivateKey.FromSeed("cache/off", crypto);
        var hash = SHA256.HashData("no cache"u8);
        var signature = Sign(crypto, key, hash);
        Assert.True(crypto.Verify(key.PublicKey.Span, hash, signature));
        Assert.True(crypto.Verify(key.PublicKey.Span, hash, signature));
        Assert.Equal(0, cached());
    }

    private static (ISecp256k1 Crypto, Func<int> Cached) WithTinyCache(string backend) => Create(backend, capacity: 4);

    private static (ISecp256k1 Crypto, Func<int> Cached) Create(string backend, int capacity)
    {
        switch (backend)
        {
            case CryptoBackends.NativeName:
                var native = NativeSecp256k1.TryCreate(capacity) ?? throw new InvalidOperationException("row should have been skipped");
                return (native, () => native.ParsedKeyCount);
            case CryptoBackends.NBitcoinName:
                var managed = new NBitcoinSecp256k1(capacity);
                return (managed, () => managed.ParsedKeyCount);
            default:
                throw new ArgumentOutOfRangeException(nameof(backend));
        }
    }

    private static byte[] Sign(ISecp256k1 crypto, PrivateKey key, byte[] hash)
    {
        var signature = new byte[Signature.Size];
        crypto.Sign(key.ExportSecret(), hash, signature);
        return signature;
    }
}
