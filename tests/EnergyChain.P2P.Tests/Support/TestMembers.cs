using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Harness;

namespace EnergyChain.P2P.Tests.Support;

/// <summary>A permissioned test network: member keys, funded users and one genesis shared by every node.</summary>
public sealed class TestMembers
{
    public TestMembers(int nodes, string seed = "p2p-net", int users = 4)
    {
        Keys = Enumerable.Range(0, nodes).Select(i => PrivateKey.FromSeed($"{seed}/node/{i}")).ToArray();
        Users = Enumerable.Range(0, users).Select(i => PrivateKey.FromSeed($"{seed}/user/{i}")).ToArray();
        Genesis = GenesisLoader.Create(
            "energychain-p2p-net",
            TestChain.GenesisTime,
            "single",
            Keys.Select((k, i) => new GenesisMember($"node{i}", k.PublicKey)),
            Users.Select(u => new GenesisAccount(u.Address, 1_000_000_000, 0)));
    }

    public PrivateKey[] Keys { get; }

    public PrivateKey[] Users { get; }

    public GenesisDocument Genesis { get; }
}
