using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Consensus.Pos;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;
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
        string? engine = null, string engineParameters = "{}")
    {
        stakeWeighted |= engine is not null;
        StakeWeighted = stakeWeighted;
        EngineName = engine ?? "pos";
        Keys = Enumerable.Range(0, nodes).Select(i => PrivateKey.FromSeed($"bft/node/{i}")).ToArray();
        Users = Enumerable.Range(0, users).Select(i => PrivateKey.FromSeed($"bft/user/{i}")).ToArray();
        Genesis = GenesisLoader.Create(
            ChainId,
            1_795_000_000_000,
            EngineName,
            Keys.Select((k, i) => new GenesisMember($"node{i}", k.PublicKey)),
            Users.Select(u => new GenesisAccount(u.Address, InitialBalance, 0))
                .Concat(stakeWeighted ? Keys.Select(k => new GenesisAccount(k.Address, engine is null ? 0 : InitialBalance, MemberStake)) : []),
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

    public PrivateKey[] Keys { get; }

    public PrivateKey[] Users { get; }

    public GenesisDocument Genesis { get; }

    public ValidatorSet Validators { get; }

    public SimulatedCluster Sim { get; }

    public ReplicaOptions Options { get; }

    public BftNode[] Nodes { get; }

    /// <summary>Every (height -> hash) any node finalized; a second hash at one height is a safety violation.</summary>
    public Dictionary<ulong, HashSet<Hash256>> Finalized { get; } = [];

    public PublicKey ProposerFor(ulong height, uint round) => Keys[(int)((height + round) % (ulong)Keys.Length)].PublicKey;

    public void Start() => Sim.Start();

    public bool RunUntil(Func<bool> condition, TimeSpan limit) => Sim.RunUntil(condition, limit);

    public ulong MinHeight(IEnumerable<int>? nodes = null) => (nodes ?? Enumerable.Range(0, Nodes.Length)).Min(i => Nodes[i].Chain.Head.Height);

    public ulong MaxHeight(IEnumerable<int>? nodes = null) => (nodes ?? Enumerable.Range(0, Nodes.Length)).Max(i => Nodes[i].Chain.Head.Height);

    /// <summary>Asserts no two nodes finalized different blocks at one height, and that common heights agree.</summary>
    public void AssertSafety()
    {
        foreach (var (height, hashes) in Finalized)
        {
            Assert.True(hashes.Count == 1, $"seed {Sim.Seed}: {hashes.Count} different final blocks at height {height}");
        }
    }

    internal void RecordFinal(Block block)
    {
        if (!Finalized.TryGetValue(block.Height, out var hashes))
        {
            hashes = Finalized[block.Height] = [];
        }

        hashes.Add(block.Hash);
    }
}

/// <summary>One simulated member: a chain, a mempool, a replica; messages tagged as tx (1) or consensus (2).</summary>
public sealed class BftNode : ISimulatedNode, IReplicaNetwork
{
    private readonly BftCluster _cluster;
    private readonly int _index;
    private readonly SignGuard _guard = new();
    private SimulatedNodeContext? _context;

    public BftNode(BftCluster cluster, int index)
    {
        _cluster = cluster;
        _index = index;
        var engine = cluster.CreateEngine();
        Engine = engine;
        Chain = Blockchain.Open(new InMemoryBlockStore(), cluster.Genesis, new SignatureVerifier(CryptoBackends.Default), engine?.Incentives, rules: engine?.Rules);
        Pool = new TxPool(Chain);
        Application = engine is not null
            ? new ChainApplication(Chain, Pool, cluster.Keys[index], _ => engine.VotersAt(Chain), (h, r) => engine.ProducerFor(Chain, h, r))
            : new ChainApplication(Chain, Pool, cluster.Keys[index], _ => cluster.Validators, cluster.ProposerFor);
        Application.Finalized += (block, _) => cluster.RecordFinal(block);
    }

    public Blockchain Chain { get; }

    /// <summary>This node's instance of the cluster's engine (null for equal weights and rotation).</summary>
    public IVotingEngine? Engine { get; }

    public TxPool Pool { get; }

    public ChainApplication Application { get; }

    public Replica? Replica { get; private set; }

    /// <summary>Submits a transaction here and floods it to the others (their mempools check it as usual).</summary>
    public TxAdmission Submit(Transaction tx)
    {
        var admission = Pool.Add(tx);
        if (admission.Accepted && _context is not null)
        {
            _context.Broadcast([1, .. tx.Encoded]);
        }

        return admission;
    }

    public void Start(SimulatedNodeContext context)
    {
        _context = context;

        // A restart loses everything but the chain and the sign guard (both on disk in a real node).
        Replica = new Replica(_cluster.Keys[_index], BftCluster.ChainId, CryptoBackends.Default, Application, this, context.Time, _cluster.Options, _guard);
        Replica.Start();
    }

    public void Stop() => Replica?.Stop();

    public void Receive(int from, byte[] message)
    {
        if (message[0] == 1)
        {
            Pool.Add(message.AsSpan(1));
        }
        else
        {
            Replica!.Receive(from, message.AsSpan(1));
        }
    }

    /// <summary>A byzantine member: whenever it proposes, it also proposes a second, different block for the same round.</summary>
    public bool Equivocates { get; set; }

    /// <summary>
    /// A byzantine member: whenever it proposes, the others get, instead of its block, the same block with a wrong
    /// state root, properly signed by it (it keeps the good one for itself).
    /// </summary>
    public bool ProposesInvalidBlocks { get; set; }

    public void Broadcast(byte[] message)
    {
        if (ProposesInvalidBlocks && OwnProposal(message) is { } own)
        {
            var key = _cluster.Keys[_index];
            var header = (own.Block.Header with { StateRoot = Hash256.Compute("not the state"u8) }).SignWith(key);
            var invalid = Proposal.Create(BftCluster.ChainId, own.Height, own.Round, own.ValidRound, new Block(header, own.Block.Transactions), key);
            message = BftCodec.Encode(invalid);
        }

        _context!.Broadcast([2, .. message]);
        if (Equivocates && OwnProposal(message) is { } proposal)
        {
            var other = Application.BuildProposal(proposal.Height, proposal.Round, proposal.Block.Header.Timestamp + 1);
            var conflicting = Proposal.Create(BftCluster.ChainId, proposal.Height, proposal.Round, proposal.ValidRound, other, _cluster.Keys[_index]);
            _context.Broadcast([2, .. BftCodec.Encode(conflicting)]);
        }
    }

    /// <summary>The proposal in <paramref name="message"/> when this member made it; null for anything else.</summary>
    private Proposal? OwnProposal(byte[] message) =>
        BftCodec.Decode(message) is { Kind: BftMessageKind.Proposal, Proposal: { } proposal } && proposal.Proposer.Equals(_cluster.Keys[_index].PublicKey)
            ? proposal
            : null;

    public void Send(object peer, byte[] message) => _context!.Send((int)peer, [2, .. message]);
}
