using EnergyChain.Core.Crypto;
using EnergyChain.Node.Hosting;
using EnergyChain.Node.Network;

namespace EnergyChain.Node.Api;

/// <summary>What <c>GET /v1/status</c> and gRPC <c>GetStatus</c> report, read once for both.</summary>
internal sealed record NodeStatusView(
    string ChainId,
    string Engine,
    Hash256 GenesisHash,
    ulong Height,
    ulong FinalizedHeight,
    Hash256 HeadHash,
    Hash256 StateRoot,
    int Peers,
    int MempoolCount,
    long MempoolBytes,
    Address NodeAddress)
{
    public static NodeStatusView Of(NodeServices node, NodeNetwork network)
    {
        var head = node.Chain.Head;
        return new NodeStatusView(
            node.Genesis.ChainId, node.Genesis.Engine, node.Genesis.Hash, head.Height, node.FinalizedHeight, head.Hash, head.StateRoot,
            network.PeerCount, node.Pool.Count, node.Pool.Bytes, node.Key.Address);
    }
}
