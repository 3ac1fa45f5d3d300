using EnergyChain.P2P.Network;

namespace EnergyChain.P2P.Tests.Network;

public sealed class PeerAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:8646", "127.0.0.1", 8646)]
    [InlineData("node-3.lan:1", "node-3.lan", 1)]
    [InlineData("[::1]:65535", "::1", 65535)]
    [InlineData(" 10.0.0.2:26656 ", "10.0.0.2", 26656)]
    public void Parses_host_and_port(string text, string host, int port)
    {
        Assert.True(PeerAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(new PeerAddress(host, port), address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:+80")]
    [InlineData(":80")]
    [InlineData("::1:80")]
    [InlineData("bad host:80")]
    [InlineData("[::1]80")]
    public void Refuses_malformed_addresses_with_a_reason(string text)
    {
        Assert.False(PeerAddress.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Ipv6_addresses_print_in_brackets_so_they_parse_back()
    {
        var address = new PeerAddress("::1", 80);
        Assert.Equal("[::1]:80", address.ToString());
        Assert.Equal(address, PeerAddress.Parse(address.ToString()));
    }
}
