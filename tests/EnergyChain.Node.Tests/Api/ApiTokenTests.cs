using System.Net;
using EnergyChain.Node.Api;

namespace EnergyChain.Node.Tests.Api;

public sealed class ApiTokenTests
{
    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.0.0.2", false)]
    [InlineData("::1", false)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::", true)]
    [InlineData("192.168.1.20", true)]
    public void Token_is_required_off_loopback(string address, bool required)
    {
        Assert.Equal(required, ApiServer.RequiresToken(new IPEndPoint(IPAddress.Parse(address), 8645)));
    }

    [Theory]
    [InlineData("Bearer s3cret", "s3cret", true)]
    [InlineData("Bearer  s3cret ", "s3cret", true)]
    [InlineData("Bearer wrong", "s3cret", false)]
    [InlineData("s3cret", "s3cret", false)]
    [InlineData("", "s3cret", false)]
    [InlineData("Bearer ", "", false)]
    public void Bearer_token_check(string header, string token, bool expected)
    {
        Assert.Equal(expected, ApiServer.IsAuthorized(header, token));
    }
}
