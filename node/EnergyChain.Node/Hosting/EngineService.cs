using EnergyChain.Consensus.Engine;
using EnergyChain.Node.Network;
using Microsoft.Extensions.Hosting;

namespace EnergyChain.Node.Hosting;

/// <summary>
/// Runs the engine's part on this node (<see cref="IEngineNode"/>) inside the host: started after the P2P network
/// (registered after it), stopped before it, so the block in progress is finished while peers are still there.
/// </summary>
public sealed class EngineService(NodeServices node, NodeNetwork network) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await node.EngineNode.StartAsync(network, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineStartException e)
        {
            throw new NodeSetupException(e.Message, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => node.EngineNode.StopAsync(cancellationToken);
}
