using System.Net;
using EnergyChain.Node.Api;

namespace EnergyChain.Node.Grpc;

/// <summary>Where the gRPC API listens, whether writes there need the token, and the HTTP API's URL that GetStatus names.</summary>
internal sealed record GrpcEndpointOptions(IPEndPoint Endpoint, string ApiToken, string HttpApi)
{
    public bool RequireToken => ApiServer.RequiresToken(Endpoint);
}
