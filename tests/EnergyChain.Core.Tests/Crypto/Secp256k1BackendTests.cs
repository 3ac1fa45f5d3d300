using System.Security.Cryptography;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Tests.Crypto;

/// <summary>
/// The same vectors on every backend, and across backends. Each theory carries two data sources: the managed
/// backends (always run) and libsecp256k1 (reported skipped where it is not installed).
/// </summary>
public sealed class Secp256k1BackendTests
{
    private static ISecp256k1 Backend(string name) => Secp256k1BackendsAttribute.Backend(name);

    [Fact]
    public void Native_library_is_loaded_where_CI_installed_it()
    {
        // .ci/run sets this after installing libsecp256k1-1, so a loader bug cannot hide behind the fallback.
        if (Environment.GetEnvironmentVariable("ENERGYCHAIN_REQUIRE_NATIVE_SECP256K1") == "1")
        {
            Assert.NotNull(CryptoBackends.Native);
        }

        Assert.NotNull(CryptoBackends.NBitcoin);
    }

    [Theory]
    [Secp256k1Backends(native: false)]
    [Secp256k1Backends(native: true)]
    public void Known_public_key_vectors(string backend)
    {
        var crypto = Backend(backend);

        // 1G is the generator; 3G = (F9308A01..., 388F7B0F...) has an even y, so the compressed prefix is 02.
        Assert.Equal("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", DeriveHex(crypto, 1));
        Assert.Equal("02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9", DeriveHex(crypto, 3));
    }

    [Theory]
    [Secp256k1Backends(native: false)]
    [Secp256k1Backends(native: true)]
    public void Signatures_match_the_RFC6979_vectors(string backend)
    {
        var crypto = Backend(backend);

        // Widely published secp256k1 + SHA-256 + RFC 6979 vectors: keys 1 and n - 1, message "Satoshi Nakamoto".
        var one = new byte[32];
        one[31] = 1;
        var satoshi = SHA256.HashData("Satoshi Nakamoto"u8);
        Assert.Equal(
            "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8"
            + "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5",
            SignHex(crypto, one, satoshi));
        Assert.Equal(
            "fd567d121db66e382991534ada77a6bd3106f0a1098c231e47993447cd6af2d0"
            + "6b39cd0eb1bc8603e159ef5c20a5c8ad685a45b06ce9bebed3f153d10d93bed5",
            SignHex(crypto, Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140"), satoshi));

        // Produced by libsecp256k1 0.2 (secp256k1_ecdsa_sign, default nonce), so a machine without it still checks
        // that the fallback signs exactly as the library does.
        Assert.Equal(
            "4c5d9af664b7453dd2e30565823d0c8610246839da5f29568f40772ef1428b49"
            + "520e85cca0ae1055702eb5cde7e29c6b0afd3b84f2328f48635c38a4a3dd1ac2",
            SignHex(crypto, SHA256.HashData("vector/1"u8), SHA256.HashData("pay 5 EC"u8)));
        Assert.Equal(
            "c9d1ff7716101b74e6e191b4205df1f9f8599a554d177469eaf05e034e22fe47"
            + "31ddc1e9c5951ca6dc9eab0bd83f0b764c8c9a27f24b884eec14d2aaece22225",
            SignHex(crypto, SHA256.HashData("vector/2"u8), SHA256.HashData("meter reading 42 Wh"u8)));
        Assert.Equal(
            "a1529699e3435be0f3a658c442b89e5c783f628b026e363d8b8dc51ebbe2d1bd"
            + "25b81ced0b984a591b842675e152397cf4039069643d3a0708ad2bff53e312ac",
            SignHex(crypto, SHA256.HashData("vector/3"u8), SHA256.HashData([])));
    }

    [Theory]
    [Secp256k1Backends(native: false, pairs: true)]
    [Secp256k1Backends(native: true, pairs: true)]
    public void Each_backend_verifies_the_others_signatures(string signer, string verifier)
    {
        var sign = Backend(signer);
        var verify = Backend(verifier);
        for (var i = 0; i < 20; i++)
        {
            var key = PrivateKey.FromSeed($"cross/{i}", sign);
            var hash = SHA256.HashData(BitConverter.GetBytes(i));
            var signature = new byte[64];
            sign.Sign(key.ExportSecret(), hash, signature);
            Assert.True(verify.Verify(key.PublicKey.Span, hash, signature), $"{verifier} rejected {signer}'s signature {i}");
        }
    }

    [Theory]
    [Secp256k1Backends(native: false, pairs: true)]
    [Secp256k1Backends(native: true, pairs: true)]
    public void Backends_give_identical_keys_and_signatures(string a, string b)
    {
        // Byte-identical output is what lets a node switch backend without changing a replayed chain.
        for (var i = 0; i < 50; i++)
        {
            var secret = SHA256.HashData(BitConverter.GetBytes(i * 31));
            var hash = SHA256.HashData(BitConverter.GetBytes(i * 17));
            Assert.Equal(PrivateKey.FromBytes(secret, Backend(a)).PublicKey, PrivateKey.FromBytes(secret, Backend(b)).PublicKey);
            Assert.Equal(SignHex(Backend(a), secret, hash), SignHex(Backend(b), secret, hash));
        }
    }

    [Theory]
    [Secp256k1Backends(native: false)]
    [Secp256k1Backends(native: true)]
    public void Signatures_are_low_S(string backend)
    {
        var crypto = Backend(backend);
        for (var i = 0; i < 50; i++)
        {
            var key = PrivateKey.FromSeed($"lows/{i}", crypto);
            var hash = SHA256.HashData(BitConverter.GetBytes(i * 7));
            var signature = new byte[64];
            crypto.Sign(key.ExportSecret(), hash, signature);
            Assert.True(Secp256k1Curve.IsCanonicalLowS(signature));
        }
    }

    [Theory]
    [Secp256k1Backends(native: false, pairs: true)]
    [Secp256k1Backends(native: true, pairs: true)]
    public void High_S_malleated_signature_is_rejected(string signer, string verifier)
    {
        var key = PrivateKey.FromSeed("malleate", Backend(signer));
        var hash = SHA256.HashData("pay 5 EC"u8);
        var signature = new byte[64];
        Backend(signer).Sign(key.ExportSecret(), hash, signature);
        Assert.True(Backend(verifier).Verify(key.PublicKey.Span, hash, signature));

        // (r, n - s) is the same signature mathematically; a chain that accepted it would have two encodings.
        var s = Secp256k1Curve.ToBig(signature.AsSpan(32));
        Secp256k1Curve.WriteBig(Secp256k1Curve.N - s, signature.AsSpan(32));
        Assert.False(Backend(verifier).Verify(key.PublicKey.Span, hash, signature));
    }

    [Theory]
    [Secp256k1Backends(native: false)]
    [Secp256k1Backends(native: true)]
    public void Corrupted_signature_hash_or_key_is_rejected(string backend)
    {
        var crypto = Backend(backend);
        var (key, hash, signature) = Signed(crypto, "corrupt", "meter reading");
        var other = PrivateKey.FromSeed("corrupt/other", crypto);

        for (var bit = 0; bit < 512; bit += 37)
        {
            var flipped = (byte[])signature.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(crypto.Verify(key.PublicKey.Span, hash, flipped), $"bit {bit}");
        }

        var otherHash = (byte[])hash.Clone();
        otherHash[0] ^= 1;
        Assert.False(crypto.Verify(key.PublicKey.Span, otherHash, signature));
        Assert.False(crypto.Verify(other.PublicKey.Span, hash, signature));
        Assert.False(crypto.Verify(new byte[33], hash, signature));
        Assert.False(crypto.Verify(key.PublicKey.Span, hash, new byte[64]));
        Assert.False(crypto.Verify(key.PublicKey.Span[..32], hash, signature));
        Assert.False(crypto.Verify(key.PublicKey.Span, hash[..31], signature));
        Assert.False(crypto.Verify(key.PublicKey.Span, hash, signature[..63]));
    }

    [Theory]
    [Secp256k1Backends(native: false)]
    [Secp256k1Backends(native: true)]
    public void Malformed_keys_and_out_of_range_signatures_are_rejected(string backend)
    {
        var crypto = Backend(backend);
        var (key, hash, signature) = Signed(crypto, "malformed", "ev state of charge");

        // An uncompressed-point prefix, a hybrid prefix, x >= p and an x with no point: all refused, never thrown.
        foreach (var prefix in new byte[] { 0x00, 0x04, 0x06, 0x07 })
        {
            var wrongPrefix = key.PublicKey.ToArray();
            wrongPrefix[0] = prefix;
            Assert.False(crypto.Verify(wrongPrefix, hash, signature), $"prefix {prefix:x2}");
        }

        var xAboveP = Enumerable.Repeat((byte)0xFF, PublicKey.Size).ToArray();
        xAboveP[0] = 0x02;
        Assert.False(crypto.Verify(xAboveP, hash, signature));
        var notOnCurve = new byte[PublicKey.Size];
        notOnCurve[0] = 0x02;
        notOnCurve[32] = 0x07; // 7^3 + 7 is not a square mod p
        Assert.False(crypto.Verify(notOnCurve, hash, signature));

        // r or s equal to n (out of range), and r = 0 / s = 0.
        var n = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
        foreach (var half in new[] { 0, 32 })
        {
            var atN = (byte[])signature.Clone();
            n.CopyTo(atN, half);
            Assert.False(crypto.Verify(key.PublicKey.Span, hash, atN));
            var zero = (byte[])signature.Clone();
            Array.Clear(zero, half, 32);
            Assert.False(crypto.Verify(key.PublicKey.Span, hash, zero));
        }
    }

    [Theory]
    [Secp256k1Backends(native: false)]
    [Secp256k1Backends(native: true)]
    public void Invalid_private_keys_are_refused(string backend)
    {
        var crypto = Backend(backend);
        Assert.False(crypto.IsValidPrivateKey(new byte[32]));
        Assert.False(crypto.IsValidPrivateKey(Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141")));
        Assert.True(crypto.IsValidPrivateKey(Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140")));
        Assert.False(crypto.IsValidPrivateKey(new byte[31]));
        Assert.False(crypto.IsValidPrivateKey(new byte[33]));

        var signature = new byte[64];
        var hash = new byte[32];
        var pub = new byte[33];
        Assert.Equal("invalid private key", Assert.Throws<CryptographicException>(() => crypto.DerivePublicKey(new byte[32], pub)).Message);
        Assert.Equal("signing failed (invalid private key)", Assert.Throws<CryptographicException>(() => crypto.Sign(new byte[32], hash, signature)).Message);
        Assert.Throws<ArgumentException>(() => crypto.Sign(new byte[31], hash, signature));
        Assert.Throws<ArgumentException>(() => crypto.Sign(SHA256.HashData("k"u8), new byte[31], signature));
    }

    private static (PrivateKey Key, byte[] Hash, byte[] Signature) Signed(ISecp256k1 crypto, string seed, string message)
    {
        var key = PrivateKey.FromSeed(seed, crypto);
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(message));
        return (key, hash, Convert.FromHexString(SignHex(crypto, key.ExportSecret(), hash)));
    }

    private static string DeriveHex(ISecp256k1 crypto, byte scalar)
    {
        var secret = new byte[32];
        secret[31] = scalar;
        var pub = new byte[PublicKey.Size];
        crypto.DerivePublicKey(secret, pub);
        return Convert.ToHexStringLower(pub);
    }

    private static string SignHex(ISecp256k1 crypto, byte[] secret, byte[] hash)
    {
        var signature = new byte[Signature.Size];
        crypto.Sign(secret, hash, signature);
        return Convert.ToHexStringLower(signature);
    }
}
