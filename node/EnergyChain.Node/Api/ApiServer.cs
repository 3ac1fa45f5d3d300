using System.Net;
using EnergyChain.Node.Hosting;
using EnergyChain.Node.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EnergyChain.Node.Api;

/// <summary>
/// The HTTP API of docs/api.md on Kestrel. Loopback by default; on any other address every write call must
/// carry the configured bearer token. Errors always have the shape {"error":{"code","message"}}.
/// </summary>
public static partial class ApiServer
{
    /// <summary>Largest request body: a transaction is at most 128 KiB, hex doubles it, JSON adds a little.</summary>
    public const long MaxRequestBodyBytes = 512 * 1024;

    public static void ConfigureKestrel(KestrelServerOptions options, IPEndPoint endpoint)
    {
        options.Listen(endpoint);
        options.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        options.AddServerHeader = false;
    }

    /// <summary>
    /// Mounts the routes. <paramref name="grpcPort"/> is the gRPC endpoint's port when gRPC is on: requests there skip
    /// this API's checks (the gRPC service has its own), and anything but a gRPC call there is refused.
    /// </summary>
    public static void Map(WebApplication app, NodeServices node, NodeNetwork network, IPEndPoint endpoint, int? grpcPort = null)
    {
        var requireToken = RequiresToken(endpoint);
        app.Use(async (context, next) =>
        {
            if (grpcPort is { } port && context.Connection.LocalPort == port)
            {
                if (Grpc.GrpcServer.IsGrpc(context.Request))
                {
                    await next(context).ConfigureAwait(false);
                }
                else
                {
                    await Error(context, StatusCodes.Status404NotFound, "NotFound", $"this port serves gRPC only (docs/grpc.md); the HTTP API is on http://{endpoint}").ConfigureAwait(false);
                }

                return;
            }

            if (requireToken && HttpMethods.IsPost(context.Request.Method) && !IsAuthorized(context.Request.Headers.Authorization.ToString(), node.Config.ApiToken))
            {
                await Error(context, StatusCodes.Status401Unauthorized, "Unauthorized", "write calls on a non-loopback API need 'Authorization: Bearer <apiToken>'").ConfigureAwait(false);
                return;
            }

            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                var tooLarge = e.StatusCode == StatusCodes.Status413PayloadTooLarge;
                await Error(context, e.StatusCode, tooLarge ? "PayloadTooLarge" : "BadRequest", e.Message).ConfigureAwait(false);
            }
        });

        MapChain(app, node, network);
        MapNetwork(app, node, network);
        MapMembers(app, node);
        MapTransactions(app, node);
        MapOperations(app, node, network);
        MapEngines(app, node);
        app.MapFallback(context => Error(context, StatusCodes.Status404NotFound, "NotFound", $"no endpoint {context.Request.Method} {context.Request.Path}"));
    }

    internal static IResult Fail(int status, string code, string message) => Results.Json(JsonViews.Error(code, message), statusCode: status);

    private static Task Error(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(JsonViews.Error(code, message));
    }

    /// <summary>Only a loopback API is trusted without a token (0.0.0.0 and [::] count as exposed).</summary>
    internal static bool RequiresToken(IPEndPoint endpoint) => !IPAddress.IsLoopback(endpoint.Address);

    /// <summary>Constant-time check of "Bearer TOKEN"; an empty configured token authorizes nobody.</summary>
    internal static bool IsAuthorized(string header, string token)
    {
        return token.Length > 0
            && header.StartsWith("Bearer ", StringComparison.Ordinal)
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(header[7..].Trim()), System.Text.Encoding.UTF8.GetBytes(token));
    }
}
