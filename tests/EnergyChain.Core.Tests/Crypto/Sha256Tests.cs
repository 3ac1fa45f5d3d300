using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Tests.Crypto;

public sealed class Sha256Tests
{
    [Fact]
    public void Uses_openssl_low_level_functions_on_linux()
    {
        // CI runs on Debian with libcrypto.so.3; a silent fallback to the BCL there would be a performance bug.
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("ENERGYCHAIN_SHA256") is null)
        {
            Assert.True(Sha256.IsNative);
        }
    }

    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Matches_the_standard_test_vectors(string message, string expectedHex)
    {
        var digest = new byte[Sha256.DigestSize];
        Sha256.HashData(System.Text.Encoding.ASCII.GetBytes(message), digest);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Agrees_with_the_bcl_for_every_length_across_block_boundaries_and_large_inputs()
    {
        var data = new byte[10_000];
        new Random(7).NextBytes(data);
        var lengths = Enumerable.Range(0, 300).Concat([4095, 4096, 4097, 10_000]);
        var digest = new byte[Sha256.DigestSize];
        foreach (var length in lengths)
        {
            Sha256.HashData(data.AsSpan(0, length), digest);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(data.AsSpan(0, length)), digest);
        }
    }

    [Theory]
    [InlineData(0, 65)]
    [InlineData(1, 64)]
    [InlineData(33, 100)]
    [InlineData(700, 600)]
    [InlineData(5000, 10)]
    public void Prefix_overload_hashes_the_concatenation(int prefixLength, int dataLength)
    {
        var bytes = new byte[prefixLength + dataLength];
        new Random(prefixLength * 31 + dataLength).NextBytes(bytes);
        var digest = new byte[Sha256.DigestSize];
        Sha256.HashData(bytes.AsSpan(0, prefixLength), bytes.AsSpan(prefixLength), digest);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(bytes), digest);
    }

    [Fact]
    public void Rejects_a_digest_buffer_that_is_too_small()
    {
        Assert.Throws<ArgumentException>(() => Sha256.HashData("x"u8, new byte[31]));
    }
}
