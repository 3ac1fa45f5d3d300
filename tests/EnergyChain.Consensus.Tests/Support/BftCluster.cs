using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Consensus.Pos;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Membership;
using EnergyChain.TestKit.Cluster;

namespace EnergyChain.Consensus.Tests.Support;

/// <summary>
/// N replicas over Core chains in a <see cref="SimulatedCluster"/>. Members have equal voting weight; the proposer
/// of (height, round) rotates through the members, so round r+1 never re-elects round r's proposer. Transactions
/// submitted to any node are flooded to the others (standing in for the P2P tx gossip tested elsewhere).
/// Every node's finalized blocks are recorded in <see cref="Finalized"/> to check safety across nodes.
/// </summary>
public sealed class BftCluster
{
    public const string ChainId = "energychain-bft-sim";

    // stakeWeighted: use the pos engine's rules instead of equal weights and rotation: members stake MemberStake
    // each, proposers and voters come from PosEngine and missed slots are slashed by its incentives.
    // engine: run that engine's rules ("pos" or "poeg", with engineParameters as genesis consensus.params) the
    // same way; members stake MemberStake each.
    public BftCluster(
        int nodes, int seed, NetworkConditions? conditions = null, ReplicaOptions? options = null, int users = 4, bool stakeWeighted = false,
        string? engine = null, string engineParameters = "{}", ulong memberStake = MemberStake, int joiners = 0)
    {
        stakeWeighted |= engine is not null;
        StakeWeighted = stakeWeighted;
        EngineName = engine ?? "pos";
        Keys = Enumerable.Range(0, nodes).Select(i => PrivateKey.FromSeed($"bft/node/{i}")).ToArray();
        Users = Enumerable.Range(0, users).Select(i => PrivateKey.FromSeed($"bft/user/{i}")).ToArray();
        Joiners = [.. Enumerable.Range(0, joiners).Select(i => PrivateKey.FromSeed($"bft/joiner/{i}"))];
        Genesis = GenesisLoader.Create(
            ChainId,
            1_795_000_000_000,
            EngineName,
            Keys.Select((k, i) => new GenesisMember($"node{i}", k.PublicKey)),
            Users.Select(u => new GenesisAccount(u.Address, InitialBalance, 0))
                .Concat(stakeWeighted ? Keys.Select(k => new GenesisAccount(k.Address, engine is null ? 0 : InitialBalance, memberStake)) : [])
                .Concat(Joiners.Select(j => new GenesisAccount(j.Address, InitialBalance, 0))),
            engineParametersJson: engineParameters);
        Validators = new ValidatorSet(Keys.Select(k => (k.PublicKey, 1UL)));
        Sim = new SimulatedCluster(seed, conditions);
        Options = options ?? new ReplicaOptions
        {
            ProposeTimeout = TimeSpan.FromMilliseconds(600),
            PrevoteTimeout = TimeSpan.FromMilliseconds(300),
            PrecommitTimeout = TimeSpan.FromMilliseconds(300),
            TimeoutIncrement = TimeSpan.FromMilliseconds(200),
            CommitDelay = TimeSpan.FromMilliseconds(200),
            RebroadcastInterval = TimeSpan.FromMilliseconds(300),
        };
        MemberSets[1] = [string.Join(',', MembershipState.Canonical(Genesis.Members.Select(m => m.ToRecord())).Select(m => m.NodeKey.ToString()))];
        Nodes = Keys.Select((k, i) => new BftNode(this, i)).ToArray();
        foreach (var node in Nodes)
        {
            Sim.Add(node);
        }
    }

    public const ulong InitialBalance = 1_000_000_000;

    public const ulong MemberStake = 1_000_000;

    public bool StakeWeighted { get; }

    public string EngineName { get; }

    /// <summary>A fresh instance of the cluster's engine (null for equal weights and rotation).</summary>
    public IVotingEngine? CreateEngine() => !StakeWeighted ? null : EngineName switch
    {
        "poeg" => new PoegEngine(Genesis),
        "posoc" => new global::EnergyChain.Consensus.Posoc.PosocEngine(Genesis),
        _ => new PosEngine(Genesis),
    };

    /// <summary>Every node's key by node index: the genesis members first, then the nodes added at run time.</summary>
    public PrivateKey[] Keys { get; private set; }

    /// <summary>Keys funded in genesis (no stake, no membership) for nodes that join at run time.</summary>
    public PrivateKey[] Joiners { get; }

    public PrivateKey[] Users { get; }

    public GenesisDocument Genesis { get; }

    public ValidatorSet Validators { get; }

    public SimulatedCluster Sim { get; }

    public ReplicaOptions Options { get; }

    public BftNode[] Nodes { get; private set; }

    /// <summary>Every (height -> hash) any node finalized; a second hash at one height is a safety violation.</summary>
    public Dictionary<ulong, HashSet<Hash256>> Finalized { get; } = [];

    public PublicKey ProposerFor(ulong height, uint round) => Keys[(int)((height + round) % (ulong)Genesis.Members.Count)].PublicKey;

    public void Start() => Sim.Start();

    public bool RunUntil(Func<bool> condition, TimeSpan limit) => Sim.RunUntil(condition, limit);

    public ulong MinHeight(IEnumerable<int>? nodes = null) => (nodes ?? Enumerable.Range(0, Nodes.Length)).Min(i => Nodes[i].Chain.Head.Height);

    public ulong MaxHeight(IEnumerable<int>? nodes = null) => (nodes ?? Enumerable.Range(0, Nodes.Length)).Max(i => Nodes[i].Chain.Head.Height);

    /// <summary>
    /// The member set (canonical key list) every node read from its state for each height, recorded as each node
    /// committed the block before it; a second set at one height means two honest nodes disagree on who governs it.
    /// </summary>
    public Dictionary<ulong, HashSet<string>> MemberSets { get; } = [];

    /// <summary>
    /// Adds a node with <paramref name="key"/> to the running cluster (a fresh machine: genesis only); it catches up
    /// from the others' certificates and votes once the chain makes it a member.
    /// </summary>
    public int AddNode(PrivateKey key)
    {
        Keys = [.. Keys, key];
        var node = new BftNode(this, Keys.Length - 1);
        Nodes = [.. Nodes, node];
        var id = Sim.Add(node);
        Sim.StartNode(id);
        return id;
    }

    /// <summary>Asserts no two nodes finalized different blocks at one height, that common heights agree, and that all nodes read one member set per height.</summary>
    public void AssertSafety()
    {
        foreach (var (height, hashes) in Finalized)
        {
            Assert.True(hashes.Count == 1, $"seed {Sim.Seed}: {hashes.Count} different final blocks at height {height}");
        }

        foreach (var (height, sets) in MemberSets)
        {
            Assert.True(sets.Count == 1, $"seed {Sim.Seed}: nodes read {sets.Count} different member sets for height {height}: {string.Join(" | ", sets)}");
        }
    }

    internal void RecordFinal(Block block, Blockchain chain)
    {
        var next = block.Height + 1;
        var set = string.Join(',', MembershipState.MembersAt(chain, next).Select(m => m.NodeKey.ToString()));
        if (!MemberSets.TryGetValue(next, out var sets))
        {
            sets = MemberSets[next] = [];
        }

        sets.Add(set);

        if (!Finalized.TryGetValue(block.Height, out var hashes))
        {
            hashes = Finalized[block.Height] = [];
        }

        hashes.Add(block.Hash);
    }
}
