using EnergyChain.Node.Api;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace EnergyChain.Node.Grpc;

/// <summary>
/// The HTTP API's token rule for gRPC: on a non-loopback endpoint the write calls (Submit, SubmitStream) need the
/// metadata <c>authorization: Bearer &lt;apiToken&gt;</c>; reads stay open, as GETs do over HTTP.
/// </summary>
internal sealed class WriteTokenInterceptor(GrpcEndpointOptions options) : Interceptor
{
    /// <summary>The write methods by their gRPC path; every other method only reads.</summary>
    public static readonly IReadOnlySet<string> WriteMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        $"/{Rpc.V1.Node.Descriptor.FullName}/{nameof(Rpc.V1.Node.NodeBase.Submit)}",
        $"/{Rpc.V1.Node.Descriptor.FullName}/{nameof(Rpc.V1.Node.NodeBase.SubmitStream)}",
    };

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        Authorize(context.Method, context.RequestHeaders.GetValue("authorization"));
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        Authorize(context.Method, context.RequestHeaders.GetValue("authorization"));
        return continuation(requestStream, context);
    }

    /// <summary>Throws Unauthenticated for a write without the token where the endpoint needs one.</summary>
    public void Authorize(string method, string? authorization)
    {
        if (options.RequireToken && WriteMethods.Contains(method) && !ApiServer.IsAuthorized(authorization ?? string.Empty, options.ApiToken))
        {
            throw GrpcErrors.Of(GrpcErrors.Unauthorized, "write calls on a non-loopback gRPC endpoint need the metadata 'authorization: Bearer <apiToken>'");
        }
    }
}
