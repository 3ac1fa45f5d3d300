using System.Security.Cryptography;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Tests.Crypto;

/// <summary>The native backend caches parsed public keys; results must be exactly those without the cache.</summary>
public sealed class NativeParsedKeyCacheTests
{
    [Fact]
    public void Cached_keys_still_reject_what_they_did_not_sign()
    {
        if (NativeSecp256k1.TryCreate(parsedKeyCacheCapacity: 4) is not { } native)
        {
            return; // no libsecp256k1 here; the OpenSSL backend has no cache
        }

        var keys = Enumerable.Range(0, 3).Select(i => PrivateKey.FromSeed($"cache/{i}", native)).ToArray();
        var hash = SHA256.HashData("meter reading"u8);
        var signatures = keys.Select(k => Sign(native, k, hash)).ToArray();

        for (var round = 0; round < 2; round++)
        {
            for (var k = 0; k < keys.Length; k++)
            {
                for (var s = 0; s < signatures.Length; s++)
                {
                    Assert.Equal(k == s, native.Verify(keys[k].PublicKey.Span, hash, signatures[s]));
                }
            }
        }

        Assert.Equal(keys.Length, native.ParsedKeyCount);
        var otherHash = (byte[])hash.Clone();
        otherHash[5] ^= 0x10;
        Assert.False(native.Verify(keys[0].PublicKey.Span, otherHash, signatures[0]));
    }

    [Fact]
    public void Invalid_keys_are_not_cached_and_a_full_cache_starts_over()
    {
        if (NativeSecp256k1.TryCreate(parsedKeyCacheCapacity: 4) is not { } native)
        {
            return;
        }

        var hash = SHA256.HashData("ev state of charge"u8);
        var notOnCurve = new byte[PublicKey.Size];
        notOnCurve[0] = 0x02;
        notOnCurve[32] = 0x07; // x = 7 is not the x of any curve point (7^3 + 7 is not a square mod p)
        var key = PrivateKey.FromSeed("cache/invalid", native);
        var signature = Sign(native, key, hash);
        Assert.False(native.Verify(notOnCurve, hash, signature));
        Assert.Equal(0, native.ParsedKeyCount);

        var keys = Enumerable.Range(0, 10).Select(i => PrivateKey.FromSeed($"cache/many/{i}", native)).ToArray();
        foreach (var k in keys.Concat(keys))
        {
            Assert.True(native.Verify(k.PublicKey.Span, hash, Sign(native, k, hash)));
            Assert.InRange(native.ParsedKeyCount, 1, 4);
        }

        Assert.True(native.Verify(key.PublicKey.Span, hash, signature));
        Assert.False(native.Verify(keys[0].PublicKey.Span, hash, signature));
    }

    private static byte[] Sign(ISecp256k1 crypto, PrivateKey key, byte[] hash)
    {
        var signature = new byte[Signature.Size];
        crypto.Sign(key.ExportSecret(), hash, signature);
        return signature;
    }
}
