using System.Net;
using EnergyChain.Node.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace EnergyChain.Node.Grpc;

/// <summary>
/// The gRPC API of docs/grpc.md (node/EnergyChain.Rpc/Protos/node.proto) beside the HTTP API, in the same Kestrel
/// host but on its own endpoint: cleartext HTTP/2 needs prior knowledge, which a port that also speaks HTTP/1.1
/// cannot offer.
/// </summary>
internal static class GrpcServer
{
    /// <summary>The same bound as the HTTP API's request body, so neither API takes more than the other.</summary>
    public const int MaxMessageBytes = (int)ApiServer.MaxRequestBodyBytes;

    public static void ConfigureKestrel(KestrelServerOptions options, IPEndPoint endpoint) =>
        options.Listen(endpoint, listen => listen.Protocols = HttpProtocols.Http2);

    public static void AddServices(IServiceCollection services, GrpcEndpointOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<WriteTokenInterceptor>();
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = MaxMessageBytes;
            grpc.MaxSendMessageSize = null;
            grpc.EnableDetailedErrors = false;
            grpc.Interceptors.Add<WriteTokenInterceptor>();
        });
    }

    public static void Map(WebApplication app) => app.MapGrpcService<NodeGrpcService>();

    /// <summary>A gRPC call (content type application/grpc, +proto or other suffixes).</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);
}
