using System.Text;
using EnergyChain.NeoPeer.Neo;

namespace EnergyChain.NeoPeer.Tests.Neo;

public class Ripemd160Tests
{
    // The test vectors published with the RIPEMD-160 specification.
    [Theory]
    [InlineData("", "9c1185a5c5e9fc54612808977ee8f548b2258d31")]
    [InlineData("a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe")]
    [InlineData("abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc")]
    [InlineData("message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "12a053384a9c0c88e405a06c27dcf49ada62eb2b")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "9b752e45573d4b39f4dbd3323cab82bf63326bfb")]
    public void Matches_the_specification_vectors(string message, string digest) =>
        Assert.Equal(digest, Convert.ToHexStringLower(Ripemd160.Hash(Encoding.ASCII.GetBytes(message))));

    [Fact]
    public void Hashes_a_million_a()
    {
        var message = new byte[1_000_000];
        Array.Fill(message, (byte)'a');
        Assert.Equal("52783243c1697bdbe16d37f97f68f08325dc1528", Convert.ToHexStringLower(Ripemd160.Hash(message)));
    }
}
