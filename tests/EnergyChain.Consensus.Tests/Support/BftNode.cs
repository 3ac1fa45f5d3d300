using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;
using EnergyChain.TestKit.Cluster;

namespace EnergyChain.Consensus.Tests.Support;

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
        Application.Finalized += (block, _) => cluster.RecordFinal(block, Chain);
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
