using EnergyChain.Core.Crypto;
using EnergyChain.Node.Hosting;

namespace EnergyChain.Node.Devnet;

/// <summary>One node of a prepared devnet: its home (made by <c>init</c>) and the loopback ports it will use.</summary>
public sealed record DevnetNodePlan(string Name, NodeHome Home, int ApiPort, int P2pPort, Address Address)
{
    public string Api => $"127.0.0.1:{ApiPort}";

    public string ApiUrl => $"http://127.0.0.1:{ApiPort}";

    public string P2p => $"127.0.0.1:{P2pPort}";

    public string LogPath => Path.Combine(Home.Root, "node.log");
}
