using EnergyChain.Core.Membership;
using EnergyChain.Node.Hosting;
using EnergyChain.Node.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EnergyChain.Node.Api;

public static partial class ApiServer
{
    private static void MapNetwork(WebApplication app, NodeServices node, NodeNetwork network)
    {
        app.MapGet("/v1/peers", () =>
        {
            // Names from state: members, approved joins waiting for their height, and applicants (which connect to sync).
            var membership = MembershipState.Read(node.Chain.State);
            var known = membership.Members.Concat(membership.Pending.Select(c => c.Member)).Concat(membership.Proposals.Select(p => p.Member)).ToList();
            return Results.Json(new
            {
                listen = network.Network?.ListenEndPoint?.ToString(),
                syncing = network.Sync?.IsSyncing ?? false,
                bestPeerHeight = network.Sync?.BestPeerHeight ?? 0,
                peers = network.Peers.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal).Select(p => new
                {
                    nodeKey = p.Key.ToString(),
                    address = p.Key.Address.ToString(),
                    member = known.FirstOrDefault(m => m.NodeKey.Equals(p.Key))?.Name,
                    remote = p.RemoteEndPoint.ToString(),
                    direction = p.IsOutbound ? "outbound" : "inbound",
                    connectedAt = p.ConnectedAt,
                    height = network.Sync?.HeightOf(p) ?? 0,
                    score = network.Network?.Scores.ScoreOf(p.Key) ?? 0,
                }),
            });
        });
    }
}
