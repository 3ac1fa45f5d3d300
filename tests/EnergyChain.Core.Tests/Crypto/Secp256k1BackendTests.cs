using System.Security.Cryptography;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Tests.Crypto;

/// <summary>Runs the same checks on every available backend and across backends.</summary>
public sealed class Secp256k1BackendTests
{
    private static string[] BackendNames => CryptoBackends.Native is null ? ["openssl"] : ["openssl", "native"];

    public static TheoryData<string> Backends() => new(BackendNames);

    public static TheoryData<string, string> BackendPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var a in BackendNames)
        {
            foreach (var b in BackendNames)
            {
                data.Add(a, b);
            }
        }

        return data;
    }

    internal static ISecp256k1 Backend(string name) => name switch
    {
        "native" => CryptoBackends.Native!,
        "openssl" => CryptoBackends.OpenSsl!,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Fact]
    public void Native_library_is_loaded_where_CI_installed_it()
    {
        // .ci/run sets this after installing libsecp256k1-1, so a loader bug cannot hide behind the fallback.
        if (Environment.GetEnvironmentVariable("ENERGYCHAIN_REQUIRE_NATIVE_SECP256K1") == "1")
        {
            Assert.NotNull(CryptoBackends.Native);
        }

        Assert.NotNull(CryptoBackends.OpenSsl);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Private_key_one_gives_the_generator_point(string backend)
    {
        var crypto = Backend(backend);
        var one = new byte[32];
        one[31] = 1;
        var pub = new byte[33];
        crypto.DerivePublicKey(one, pub);
        Assert.Equal("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", Convert.ToHexStringLower(pub));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Known_public_key_vector(string backend)
    {
        // 3G = (F9308A01..., 388F7B0F...): y is even, so the compressed prefix is 02.
        var crypto = Backend(backend);
        var three = new byte[32];
        three[31] = 3;
        var pub = new byte[33];
        crypto.DerivePublicKey(three, pub);
        Assert.Equal("02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9", Convert.ToHexStringLower(pub));
    }

    [Fact]
    public void Native_signature_matches_the_RFC6979_vector()
    {
        if (CryptoBackends.Native is not { } native)
        {
            return; // covered where libsecp256k1 is installed (always in CI)
        }

        // Widely published secp256k1 + SHA-256 + RFC 6979 vector: key 1, message "Satoshi Nakamoto".
        var key = new byte[32];
        key[31] = 1;
        var hash = SHA256.HashData("Satoshi Nakamoto"u8);
        var signature = new byte[64];
        native.Sign(key, hash, signature);
        Assert.Equal(
            "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8"
            + "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5",
            Convert.ToHexStringLower(signature));
    }

    [Theory]
    [MemberData(nameof(BackendPairs))]
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
    [MemberData(nameof(Backends))]
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
    [MemberData(nameof(BackendPairs))]
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
    [MemberData(nameof(Backends))]
    public void Corrupted_signature_hash_or_key_is_rejected(string backend)
    {
        var crypto = Backend(backend);
        var key = PrivateKey.FromSeed("corrupt", crypto);
        var other = PrivateKey.FromSeed("corrupt/other", crypto);
        var hash = SHA256.HashData("meter reading"u8);
        var signature = new byte[64];
        crypto.Sign(key.ExportSecret(), hash, signature);

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
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Invalid_private_keys_are_refused(string backend)
    {
        var crypto = Backend(backend);
        Assert.False(crypto.IsValidPrivateKey(new byte[32]));
        Assert.False(crypto.IsValidPrivateKey(Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141")));
        Assert.True(crypto.IsValidPrivateKey(Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140")));
        Assert.False(crypto.IsValidPrivateKey(new byte[31]));
    }
}
