using System.Text.RegularExpressions;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.TestKit;

/// <summary>
/// A permissioned network of real <c>energychain-node</c> processes on 127.0.0.1, set up the way operators would:
/// each home is created with <c>init</c> (its own node key), the coordinator collects the keys into one genesis
/// (member 0 is the producer of the <c>single</c> engine; <c>pos</c> elects proposers and finalizes by votes) and gives it to every home. Every node is told all the
/// others' P2P addresses. Disposing kills whatever still runs and deletes the homes.
/// </summary>
public sealed partial class LocalNetwork : IDisposable
{
    public const string ChainId = "energychain-localnet";

    private readonly NodeProcess?[] _processes;

    private LocalNetwork(string root, string[] homes, PublicKey[] nodeKeys, int[] apiPorts, int[] p2pPorts, PrivateKey[] users, GenesisDocument genesis)
    {
        Root = root;
        Homes = homes;
        NodeKeys = nodeKeys;
        ApiPorts = apiPorts;
        P2pPorts = p2pPorts;
        Users = users;
        Genesis = genesis;
        _processes = new NodeProcess?[homes.Length];
    }

    public string Root { get; }

    public string[] Homes { get; }

    public PublicKey[] NodeKeys { get; }

    public int[] ApiPorts { get; }

    public int[] P2pPorts { get; }

    /// <summary>Funded accounts for test transactions.</summary>
    public PrivateKey[] Users { get; }

    public GenesisDocument Genesis { get; }

    public int Count => Homes.Length;

    public NodeProcess this[int index] => _processes[index] ?? throw new InvalidOperationException($"node {index} is not running");

    /// <summary>Inits <paramref name="nodes"/> homes with one genesis naming <paramref name="engine"/>; <paramref name="engineParameters"/> is JSON for <c>consensus.params</c> (null keeps <c>{}</c>).</summary>
    public static LocalNetwork Create(int nodes, int users = 4, string engine = "single", string? engineParameters = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "ec-localnet-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var homes = new string[nodes];
        var keys = new PublicKey[nodes];
        for (var i = 0; i < nodes; i++)
        {
            homes[i] = Path.Combine(root, $"node{i}");
            var (exit, output) = NodeProcess.RunToCompletion("init", "--home", homes[i], "--chain-id", ChainId);
            if (exit != 0)
            {
                throw new InvalidOperationException($"init failed: {output}");
            }

            keys[i] = PublicKey.Parse(NodeKeyLine().Match(output).Groups[1].Value);
        }

        var userKeys = Enumerable.Range(0, users).Select(i => PrivateKey.FromSeed($"localnet/user/{i}")).ToArray();
        var genesis = GenesisLoader.Create(
            ChainId,
            TestChain.GenesisTime,
            engine,
            keys.Select((k, i) => new GenesisMember($"node{i}", k)),
            userKeys.Select(u => new GenesisAccount(u.Address, TestChain.InitialBalance, 0)));
        if (engineParameters is not null)
        {
            genesis = WithEngineParameters(genesis, engineParameters);
        }

        var json = GenesisLoader.ToJson(genesis);
        foreach (var home in homes)
        {
            File.WriteAllText(Path.Combine(home, "genesis.json"), json);
        }

        var apiPorts = Enumerable.Range(0, nodes).Select(_ => NodeProcess.FreePort()).ToArray();
        var p2pPorts = Enumerable.Range(0, nodes).Select(_ => NodeProcess.FreePort()).ToArray();
        return new LocalNetwork(root, homes, keys, apiPorts, p2pPorts, userKeys, genesis);
    }

    /// <summary>Starts node <paramref name="index"/> with every other node as a bootstrap peer.</summary>
    public async Task<NodeProcess> StartAsync(int index, params string[] extraArgs)
    {
        var peers = string.Join(',', Enumerable.Range(0, Count).Where(i => i != index).Select(i => $"127.0.0.1:{P2pPorts[i]}"));
        var node = await NodeProcess.StartOnPortAsync(Homes[index], ApiPorts[index], ["--p2p", $"127.0.0.1:{P2pPorts[index]}", "--peers", peers, .. extraArgs]);
        _processes[index] = node;
        return node;
    }

    /// <summary>Stops node <paramref name="index"/> with SIGTERM (clean shutdown).</summary>
    public void Stop(int index)
    {
        var node = this[index];
        if (!node.Terminate(TimeSpan.FromSeconds(30)))
        {
            node.KillHard();
        }

        node.Dispose();
        _processes[index] = null;
    }

    /// <summary>A signed transfer between users, ready for <c>POST /v1/tx</c>.</summary>
    public Transaction Transfer(int from, ulong nonce, ulong amount = 1, ulong fee = 1) =>
        Transaction.Create(ChainId, Users[from], nonce, fee, new TransferPayload(Users[(from + 1) % Users.Length].Address, amount));

    public void Dispose()
    {
        foreach (var node in _processes)
        {
            node?.Dispose();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary><paramref name="genesis"/> with other consensus params, parsed and validated like a genesis file.</summary>
    public static GenesisDocument WithEngineParameters(GenesisDocument genesis, string engineParameters)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(GenesisLoader.ToJson(genesis))!;
        root["consensus"]!["params"] = System.Text.Json.Nodes.JsonNode.Parse(engineParameters);
        return GenesisLoader.Parse(root.ToJsonString());
    }

    [GeneratedRegex(@"node key\s+([0-9a-f]{66})")]
    private static partial Regex NodeKeyLine();
}
