using EnergyChain.Core.Genesis;

namespace EnergyChain.Node.Devnet;

/// <summary>The devnet directory with every home initialized, one genesis and the ports, ready to start.</summary>
public sealed record DevnetPlan(string Root, GenesisDocument Genesis, string GenesisPath, IReadOnlyList<DevnetNodePlan> Nodes)
{
    public string ManifestPath => Path.Combine(Root, DevnetManifest.FileName);

    /// <summary>The bootstrap peers of node <paramref name="index"/>: every other node.</summary>
    public IReadOnlyList<string> PeersOf(int index) => Nodes.Where((_, i) => i != index).Select(n => n.P2p).ToList();
}
