using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.TestKit.Cluster;

namespace EnergyChain.Consensus.Tests.Support;

/// <summary>
/// N members running an engine taken from a registry by its genesis name, through the engine module contract alone
/// (<see cref="IEngineModule"/>, <see cref="IEngineNode"/>), over a seeded <see cref="SimulatedCluster"/>.
/// </summary>
public sealed class ModuleCluster : IDisposable
{
    public const string ChainId = "energychain-module-sim";

    public const ulong InitialBalance = 1_000_000_000;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("energychain-module-cluster-");

    public ModuleCluster(EngineRegistry registry, string engine, int nodes, int seed, int users = 2)
    {
        Keys = [.. Enumerable.Range(0, nodes).Select(i => PrivateKey.FromSeed($"module/node/{i}"))];
        Users = [.. Enumerable.Range(0, users).Select(i => PrivateKey.FromSeed($"module/user/{i}"))];
        Genesis = GenesisLoader.Create(
            ChainId,
            1_795_000_000_000,
            engine,
            Keys.Select((k, i) => new GenesisMember($"node{i}", k.PublicKey)),
            Users.Select(u => new GenesisAccount(u.Address, InitialBalance, 0)));
        var module = registry.Get(engine);
        Sim = new SimulatedCluster(seed);
        Nodes = [.. Keys.Select((k, i) => new ModuleClusterNode(module, Genesis, k, Directory.CreateDirectory(Path.Combine(_root.FullName, $"node{i}")).FullName))];
        foreach (var node in Nodes)
        {
            Sim.Add(node);
        }
    }

    public PrivateKey[] Keys { get; }

    public PrivateKey[] Users { get; }

    public GenesisDocument Genesis { get; }

    public SimulatedCluster Sim { get; }

    public ModuleClusterNode[] Nodes { get; }

    public ulong MinHeight => Nodes.Min(n => n.Chain.Head.Height);

    public void Dispose() => _root.Delete(recursive: true);
}
