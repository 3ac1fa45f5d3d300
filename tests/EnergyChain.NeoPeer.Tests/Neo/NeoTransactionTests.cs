using System.Numerics;
using System.Security.Cryptography;
using EnergyChain.NeoPeer.Neo;

namespace EnergyChain.NeoPeer.Tests.Neo;

/// <summary>
/// Against a transaction neo-express 3.5.20 (Neo 3.5.0) built, signed and put in a block on a 4-node network here:
/// <c>neoxp transfer 2.5 GAS node1 &lt;consensus address&gt;</c>, read back with getrawtransaction. The key is node1's
/// from that network's default.neo-express (a throwaway development key).
/// </summary>
public class NeoTransactionTests
{
    private const string PrivateKey = "0d6f6f7de98dc44d8271940446e4ece7ce735c7c6f62f46479ffd9a1fa76783e";
    private const uint Network = 2184586607;
    private const string Raw =
        "AEKxCD6WP5gAAAAAAKDKEgAAAAAAnhYAAAGHm4mbysUu6U33lvGqGhLMaYHzMgEAWgsCgLLmDgwUFh9y4x0QR7s8krb8JmGrQlQFP8IMFIebiZvKxS7pTfeW8aoaEsxpgfMyFMAfDAh0cmFuc2ZlcgwUz3bii9AGLEpHjuNVYQETGfPPpNJBYn1bUgFCDED7gu0XFoDQlc2wlH4uG0EUdqwhpluj/j/0vSzl1WAJycjKcSvyM6kt55YLcOAUM2N4bOsVDh0fZboF3UL8051mKAwhAieeQGWfo2cH4fjGegO5EKZ4vo5/Vsfsvenx2ZSiAHELQVbnsyc=";
    private const string Script = "CwKAsuYODBQWH3LjHRBHuzyStvwmYatCVAU/wgwUh5uJm8rFLulN95bxqhoSzGmB8zIUwB8MCHRyYW5zZmVyDBTPduKL0AYsSkeO41VhARMZ88+k0kFifVtS";

    [Fact]
    public void The_key_gives_neo_express_account()
    {
        using var key = new NeoKey(Convert.FromHexString(PrivateKey));
        Assert.Equal("0c2102279e40659fa36707e1f8c67a03b910a678be8e7f56c7ecbde9f1d994a200710b4156e7b327", Convert.ToHexStringLower(key.VerificationScript));
        Assert.Equal("0x32f38169cc121aaaf196f74de92ec5ca9b899b87", key.ScriptHashText);
        Assert.Equal("NYGzjbC9w7UHX8UaxHni6CSPonJNWQ7REN", key.Address(53));
    }

    [Fact]
    public void Transfer_script_is_the_wallet_one_followed_by_assert()
    {
        using var key = new NeoKey(Convert.FromHexString(PrivateKey));
        var to = Convert.FromHexString("161f72e31d1047bb3c92b6fc2661ab4254053fc2");
        var gas = Convert.FromHexString(NeoPeerRun.GasHash[2..]).Reverse().ToArray();
        var script = new NeoScript().Transfer(gas, key.ScriptHash, to, new BigInteger(250_000_000)).ToArray();
        Assert.Equal([.. Convert.FromBase64String(Script), (byte)OpCode.Assert], script);
    }

    [Fact]
    public void Encodes_the_unsigned_transaction_and_its_hash_byte_for_byte()
    {
        using var key = new NeoKey(Convert.FromHexString(PrivateKey));
        var tx = Vector(key);
        var raw = Convert.FromBase64String(Raw);
        Assert.Equal(raw[..tx.Unsigned().Length], tx.Unsigned());
        Assert.Equal("0x0e7d0a7cccfe10498d3e4936845acd66208886032afab575e1ba4762e6a13ed1", NeoTransaction.HashText(tx.Hash()));
    }

    [Fact]
    public void Neo_signature_verifies_over_our_sign_data_and_ours_has_its_layout()
    {
        using var key = new NeoKey(Convert.FromHexString(PrivateKey));
        var tx = Vector(key);
        var raw = Convert.FromBase64String(Raw);
        var unsigned = tx.Unsigned();
        // Witness: count 1, invocation (0x42 = PUSHDATA1 64 + signature), verification script.
        var neoSignature = raw.AsSpan(unsigned.Length + 4, 64).ToArray();
        using var verifier = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = key.PublicPoint(),
        });
        Assert.True(verifier.VerifyData(NeoTransaction.SignData(Network, tx.Hash()), neoSignature, HashAlgorithmName.SHA256));
        Assert.False(verifier.VerifyData(NeoTransaction.SignData(Network + 1, tx.Hash()), neoSignature, HashAlgorithmName.SHA256));

        // ECDSA signatures are randomized, so ours differs from neo's in the 64 signature bytes only.
        var ours = tx.Signed(key, Network);
        Assert.Equal(raw.Length, ours.Length);
        Assert.Equal(raw[..(unsigned.Length + 4)], ours[..(unsigned.Length + 4)]);
        Assert.Equal(raw[(unsigned.Length + 68)..], ours[(unsigned.Length + 68)..]);
        Assert.True(verifier.VerifyData(NeoTransaction.SignData(Network, tx.Hash()), ours.AsSpan(unsigned.Length + 4, 64), HashAlgorithmName.SHA256));
    }

    [Theory]
    [InlineData(-1, "0f")]
    [InlineData(0, "10")]
    [InlineData(16, "20")]
    [InlineData(17, "0011")]
    [InlineData(-2, "00fe")]
    [InlineData(128, "018000")]
    [InlineData(250_000_000, "0280b2e60e")]
    [InlineData(-250_000_000, "02804d19f1")]
    [InlineData(1_000_000_000_000, "030010a5d4e8000000")]
    public void Pushes_integers_in_the_shortest_form(long value, string hex) =>
        Assert.Equal(hex, Convert.ToHexStringLower(new NeoScript().Push(new BigInteger(value)).ToArray()));

    [Fact]
    public void Interop_ids_are_the_first_bytes_of_sha256_of_the_name()
    {
        Assert.Equal("627d5b52", Convert.ToHexStringLower(NeoScript.InteropId("System.Contract.Call")));
        Assert.Equal("56e7b327", Convert.ToHexStringLower(NeoScript.InteropId("System.Crypto.CheckSig")));
    }

    private static NeoTransaction Vector(NeoKey key) =>
        new(1040757058, 9_977_750, 1_231_520, 5790, key.ScriptHash, Convert.FromBase64String(Script));
}
