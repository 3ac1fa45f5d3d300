using System.Net;
using EnergyChain.Node.Grpc;
using Grpc.Core;

namespace EnergyChain.Node.Tests.Grpc;

public sealed class WriteTokenInterceptorTests
{
    private const string Submit = "/energychain.v1.Node/Submit";
    private const string SubmitStream = "/energychain.v1.Node/SubmitStream";
    private const string GetStatus = "/energychain.v1.Node/GetStatus";

    [Fact]
    public void The_write_methods_are_submit_and_submit_stream()
    {
        Assert.Equal(new[] { Submit, SubmitStream }.Order(), WriteTokenInterceptor.WriteMethods.Order());
    }

    [Theory]
    [InlineData(Submit, null)]
    [InlineData(SubmitStream, "Bearer wrong")]
    [InlineData(Submit, "s3cret")]
    public void Writes_off_loopback_without_the_token_are_unauthenticated(string method, string? authorization)
    {
        var interceptor = Interceptor("0.0.0.0", "s3cret");
        var e = Assert.Throws<RpcException>(() => interceptor.Authorize(method, authorization));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.StartsWith("Unauthorized: ", e.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0", Submit, "Bearer s3cret")]
    [InlineData("0.0.0.0", SubmitStream, "Bearer s3cret")]
    [InlineData("0.0.0.0", GetStatus, null)]
    [InlineData("127.0.0.1", Submit, null)]
    [InlineData("::1", SubmitStream, null)]
    public void Reads_loopback_and_writes_with_the_token_pass(string address, string method, string? authorization)
    {
        Interceptor(address, "s3cret").Authorize(method, authorization);
    }

    [Fact]
    public void An_empty_configured_token_lets_no_write_through_off_loopback()
    {
        var e = Assert.Throws<RpcException>(() => Interceptor("192.168.1.20", string.Empty).Authorize(Submit, "Bearer "));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    private static WriteTokenInterceptor Interceptor(string address, string token) =>
        new(new GrpcEndpointOptions(new IPEndPoint(IPAddress.Parse(address), 8647), token, "http://127.0.0.1:8645"));
}
