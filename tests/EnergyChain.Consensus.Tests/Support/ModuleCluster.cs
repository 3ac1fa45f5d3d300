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

    private readonly IEngineModule _module;

    // joiners: keys funded in genesis (with the members' keys, which then pay their membership votes) for nodes
    // added at run time with AddNode.
    public ModuleCluster(EngineRegistry registry, string engine, int nodes, int seed, int users = 2, int joiners = 0, string engineParameters = "{}")
    {
        Keys = [.. Enumerable.Range(0, nodes).Select(i => PrivateKey.FromSeed($"module/node/{i}"))];
        Users = [.. Enumerable.Range(0, users).Select(i => PrivateKey.FromSeed($"module/user/{i}"))];
        Joiners = [.. Enumerable.Range(0, joiners).Select(i => PrivateKey.FromSeed($"module/joiner/{i}"))];
        Genesis = GenesisLoader.Create(
            ChainId,
            1_795_000_000_000,
            engine,
            Keys.Select((k, i) => new GenesisMember($"node{i}", k.PublicKey)),
            Users.Select(u => new GenesisAccount(u.Address, InitialBalance, 0))
                .Concat(joiners == 0 ? [] : Keys.Concat(Joiners).Select(k => new GenesisAccount(k.Address, InitialBalance, 0))),
            engineParametersJson: engineParameters);
        _module = registry.Get(engine);
        Sim = new SimulatedCluster(seed);
        Nodes = [.. Keys.Select((k, i) => NewNode(k, i))];
        foreach (var node in Nodes)
        {
            Sim.Add(node);
        }
    }

    /// <summary>Every node's key by node index: the genesis members first, then the nodes added at run time.</summary>
    public PrivateKey[] Keys { get; private set; }

    public PrivateKey[] Joiners { get; }

    public PrivateKey[] Users { get; }

    public GenesisDocument Genesis { get; }

    public SimulatedCluster Sim { get; }

    public ModuleClusterNode[] Nodes { get; private set; }

    public ulong MinHeight => Nodes.Min(n => n.Chain.Head.Height);

    /// <summary>Adds and starts a fresh node (genesis only) with <paramref name="key"/>; it follows the chain and votes once it is a member.</summary>
    public int AddNode(PrivateKey key)
    {
        Keys = [.. Keys, key];
        var node = NewNode(key, Keys.Length - 1);
        Nodes = [.. Nodes, node];
        var id = Sim.Add(node);
        Sim.StartNode(id);
        return id;
    }

    private ModuleClusterNode NewNode(PrivateKey key, int index) =>
        new(_module, Genesis, key, Directory.CreateDirectory(Path.Combine(_root.FullName, $"node{index}")).FullName);

    public void Dispose() => _root.Delete(recursive: true);
}
