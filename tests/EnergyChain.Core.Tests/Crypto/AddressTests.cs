using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Tests.Crypto;

public sealed class AddressTests
{
    [Fact]
    public void Text_form_round_trips_and_catches_typos()
    {
        var address = PrivateKey.FromSeed("address").Address;
        var text = address.ToString();
        Assert.StartsWith("ec", text);
        Assert.Equal(Address.TextLength, text.Length);
        Assert.Equal(address, Address.Parse(text));
        Assert.Equal(address, Address.Parse(text.ToUpperInvariant().Replace("EC", "ec", StringComparison.Ordinal)));

        for (var i = 2; i < text.Length; i++)
        {
            var typo = text[..i] + (text[i] == 'a' ? 'b' : 'a') + text[(i + 1)..];
            Assert.False(Address.TryParse(typo, out _, out var error));
            Assert.NotEmpty(error);
        }

        Assert.False(Address.TryParse("0x1234", out _, out _));
        Assert.False(Address.TryParse(null, out _, out _));
        Assert.False(Address.TryParse("ec" + new string('z', 48), out _, out _));
    }

    [Fact]
    public void Address_is_derived_from_the_public_key_hash()
    {
        var key = PrivateKey.FromSeed("derive");
        var digest = System.Security.Cryptography.SHA256.HashData(key.PublicKey.Span);
        Assert.Equal(new Address(digest[..20]), key.Address);
    }

    [Fact]
    public void Hash_text_round_trips()
    {
        var hash = Hash256.Compute("x"u8);
        Assert.Equal(hash, Hash256.Parse(hash.ToString()));
        Assert.Equal(hash, Hash256.Parse("0x" + hash.ToString().ToUpperInvariant()));
        Assert.False(Hash256.TryParse("abc", out _));
        Assert.False(Hash256.TryParse(new string('g', 64), out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(5000)]
    public void Tagged_hash_is_the_hash_of_tag_then_data_for_any_size(int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        var tag = "EnergyChain/test"u8.ToArray();
        Assert.Equal(Hash256.Compute([.. tag, .. data]), Hash256.ComputeTagged(tag, data));
    }
}
