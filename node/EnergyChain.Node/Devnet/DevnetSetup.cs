using System.Text.RegularExpressions;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Node.Hosting;

namespace EnergyChain.Node.Devnet;

/// <summary>
/// Prepares a devnet the way an operator sets up a network: <c>init</c> in every home (through
/// <see cref="NodeInitializer"/>, so each node makes its own key and config), one genesis with every node key as a
/// member plus the funded dev accounts, written to every home, and config.json pointing each node at its
/// loopback ports and at all the others as peers (so <c>run --home DIR/nodeI</c> alone restarts it as it was).
/// </summary>
public static partial class DevnetSetup
{
    /// <summary>The key of load/test account <paramref name="index"/>: public knowledge, for dev networks only.</summary>
    public static PrivateKey AccountKey(int index) =>
        PrivateKey.FromSeed(FormattableString.Invariant($"{DevnetOptions.AccountSeedPrefix}{index}"));

    public static DevnetPlan Prepare(DevnetOptions options, TimeProvider time)
    {
        var root = Path.GetFullPath(options.Home);
        PrepareDirectory(root, options.Reset);

        // A meter is a device of its own: its key is made next to the node's, never derived from it.
        var metered = NodeEngines.Get(options.Engine).Devnet.ParticipantMeters;
        var homes = new List<(NodeHome Home, PrivateKey Key, PrivateKey? Meter)>();
        for (var i = 0; i < options.Nodes; i++)
        {
            var home = new NodeHome(Path.Combine(root, $"node{i}"));
            var output = new StringWriter();
            if (NodeInitializer.Init(home, null, options.ChainId, [], output, time) != 0)
            {
                throw new DevnetException($"init of node{i} in {home.Root} failed (see the error above)");
            }

            homes.Add((home, home.LoadKey(), metered ? NodeHome.CreateKeyFile(Path.Combine(home.Root, DevnetNodePlan.MeterKeyFile)) : null));
        }

        var members = homes.Select((h, i) => new GenesisMember($"node{i}", h.Key.PublicKey, h.Meter?.PublicKey)).ToList();

        // Every member gets the same spendable balance and the same locked stake: under pos, proposers are
        // drawn by stake, so equal stakes give every node an equal chance. Other engines ignore the stake.
        // Meters get enough for the fees of their readings and nothing else.
        var accounts = homes
            .Select(h => new GenesisAccount(h.Key.Address, DevnetOptions.MemberBalance, DevnetOptions.MemberStake))
            .Concat(homes.Where(h => h.Meter is not null).Select(h => new GenesisAccount(h.Meter!.Address, DevnetOptions.MeterBalance, 0)))
            .Concat(Enumerable.Range(0, options.Accounts).Select(i => new GenesisAccount(AccountKey(i).Address, DevnetOptions.AccountBalance, 0)))
            .ToList();
        var engineParameters = options.EngineParametersJson();
        var genesis = GenesisLoader.Create(options.ChainId, time.GetUtcNow().ToUnixTimeMilliseconds(), options.Engine, members, accounts, engineParametersJson: engineParameters);
        var genesisJson = GenesisLoader.ToJson(genesis);
        var genesisPath = Path.Combine(root, "genesis.json");
        File.WriteAllText(genesisPath, genesisJson);

        var ports = LoopbackPorts.Free(3 * options.Nodes);
        var nodes = homes
            .Select((h, i) => new DevnetNodePlan($"node{i}", h.Home, ports[3 * i], ports[(3 * i) + 1], h.Key.Address, h.Meter?.Address, ports[(3 * i) + 2]))
            .ToList();
        var plan = new DevnetPlan(root, genesis, genesisPath, nodes);
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            File.WriteAllText(node.Home.GenesisPath, genesisJson);
            var initial = NodeConfig.Load(node.Home.ConfigPath);
            var config = initial with
            {
                Api = node.Api,
                Grpc = node.Grpc,
                P2p = node.P2p,
                Peers = plan.PeersOf(i),
                Mdns = false,
                BlockIntervalMs = options.BlockIntervalMs,
                LogLevel = options.LogLevel ?? initial.LogLevel,
            };
            config.Validated().Save(node.Home.ConfigPath);
        }

        return plan;
    }

    /// <summary>
    /// Makes sure <paramref name="root"/> is empty: creates it, or with <paramref name="reset"/> empties one that
    /// holds only a previous devnet (and no node of it still runs).
    /// </summary>
    public static void PrepareDirectory(string root, bool reset)
    {
        if (File.Exists(root))
        {
            throw new DevnetException($"{root} is a file, not a directory; choose another --home");
        }

        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            if (!reset)
            {
                throw new DevnetException(
                    $"{root} is not empty (a previous devnet?); pass --reset to delete its contents and start a new devnet, or choose another --home");
            }

            var foreign = Directory.EnumerateFileSystemEntries(root)
                .Select(Path.GetFileName)
                .Where(name => !IsDevnetEntry(root, name!))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (foreign.Count > 0)
            {
                throw new DevnetException(
                    $"refusing to --reset {root}: it holds {string.Join(", ", foreign.Take(5))}{(foreign.Count > 5 ? ", ..." : string.Empty)}, which a devnet does not create; choose another --home");
            }

            foreach (var dir in Directory.EnumerateDirectories(root))
            {
                var home = new NodeHome(dir);
                if (File.Exists(home.LockPath))
                {
                    try
                    {
                        HomeLock.Acquire(home).Dispose();
                    }
                    catch (NodeSetupException e)
                    {
                        throw new DevnetException($"a devnet node still runs in {root}: {e.Message}");
                    }
                }
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(root))
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
        }

        Directory.CreateDirectory(root);
    }

    private static bool IsDevnetEntry(string root, string name) =>
        Directory.Exists(Path.Combine(root, name))
            ? NodeDirectory().IsMatch(name)
            : name is DevnetManifest.FileName or "genesis.json" || name.StartsWith($".{DevnetManifest.FileName}.", StringComparison.Ordinal);

    [GeneratedRegex(@"^node[0-9]+$")]
    private static partial Regex NodeDirectory();
}
