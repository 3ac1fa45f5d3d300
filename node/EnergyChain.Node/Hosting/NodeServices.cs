using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Storage;
using EnergyChain.Node.Api;
using EnergyChain.Node.Production;

namespace EnergyChain.Node.Hosting;

/// <summary>
/// Everything a running node holds: key, genesis, store, chain, mempool, metrics, block events.
/// Disposing it closes the store (after the producer has stopped: the host stops hosted services first).
/// </summary>
public sealed class NodeServices : IDisposable
{
    private readonly IBlockStore _store;
    private readonly IDisposable? _powMempool;

    public NodeServices(
        NodeHome home, NodeConfig config, PrivateKey key, GenesisDocument genesis, IBlockStore store, TimeProvider time,
        Microsoft.Extensions.Logging.ILoggerFactory? loggers = null)
    {
        Home = home;
        Config = config;
        Key = key;
        Genesis = genesis;
        _store = store;
        Time = time;
        Engine = NodeEngines.Validate(genesis.Engine);
        Authority = Engine == NodeEngines.Single ? ProducerAuthority.FromGenesis(genesis) : null;
        ConsensusEngine = NodeEngines.Create(genesis);
        var incentives = ConsensusEngine is null ? null : new global::EnergyChain.Consensus.Engine.EngineIncentives(ConsensusEngine);
        var consensusView = new EngineConsensusView(ConsensusEngine);
        Contracts = new global::EnergyChain.Contracts.Runtime.ContractRuntime(view: consensusView);
        if (ConsensusEngine is global::EnergyChain.Consensus.Poeg.PoegEngine poeg)
        {
            // PoEG pays mining rewards and settles coalition trades through the system contracts (docs/consensus.md).
            poeg.Market.UseContracts(Contracts);
        }
        else if (ConsensusEngine is global::EnergyChain.Consensus.Posoc.PosocEngine posoc)
        {
            // PoSOC pays the mLAG's fees (eq. 4.20) through the reward contract.
            posoc.Learning.UseContracts(Contracts);
        }

        var rules = (ConsensusEngine as global::EnergyChain.Consensus.Engine.IVotingEngine)?.Rules;
        Chain = Blockchain.Open(store, genesis, new SignatureVerifier(CryptoBackends.Default), incentives, Contracts, rules);
        consensusView.Attach(Chain);
        Pool = new TxPool(Chain, new TxPoolOptions { MaxTransactions = config.MempoolMaxTransactions, MaxBytes = config.MempoolMaxBytes });
        Events = new BlockEventHub();
        Chain.BlockCommitted += OnBlockCommitted;
        if (ConsensusEngine is global::EnergyChain.Consensus.Pow.PowEngine pow)
        {
            Pow = new Consensus.PowChain(Chain, pow, time, log: loggers?.CreateLogger(typeof(Consensus.PowChain).FullName!));
            _powMempool = Consensus.PowMempool.Attach(Chain, Pool);
        }
    }

    public NodeHome Home { get; }

    public NodeConfig Config { get; }

    public PrivateKey Key { get; }

    public GenesisDocument Genesis { get; }

    public TimeProvider Time { get; }

    public Blockchain Chain { get; }

    /// <summary>Runs contract transactions (VM + host binding + the system contracts).</summary>
    public global::EnergyChain.Contracts.Runtime.ContractRuntime Contracts { get; }

    public TxPool Pool { get; }

    public IBlockStore Store => _store;

    public NodeMetrics Metrics { get; } = new();

    public BlockEventHub Events { get; }

    /// <summary>The consensus engine named by the genesis (<see cref="NodeEngines"/>).</summary>
    public string Engine { get; }

    /// <summary>The pluggable engine genesis names; null under the <c>single</c> development engine.</summary>
    public global::EnergyChain.Consensus.Engine.IConsensusEngine? ConsensusEngine { get; }

    /// <summary>Who may produce under the <c>single</c> engine (its designated producer); null for voting engines.</summary>
    public ProducerAuthority? Authority { get; }

    /// <summary>True when this node is the designated producer of the <c>single</c> engine.</summary>
    public bool IsProducer => Authority?.IsProducer(Key.PublicKey) ?? false;

    /// <summary>Commit certificates of final blocks (voting engines), for the API.</summary>
    public global::EnergyChain.Consensus.Bft.IReplicaApplication? Certificates { get; internal set; }

    /// <summary>The elected proposer of (height, round) under a voting engine.</summary>
    public Func<ulong, uint, Core.Crypto.PublicKey>? Proposers { get; internal set; }

    /// <summary>The P2P network when this node takes part in one (set by <see cref="Network.NodeNetwork"/>).</summary>
    public Network.NodeNetwork? Network { get; internal set; }

    public int PeerCount => Network?.Peers.Count ?? 0;

    /// <summary>The PoW block tree (side blocks, fork choice, reorganizations); null unless the engine is <c>pow</c>.</summary>
    public Consensus.PowChain? Pow { get; }

    /// <summary>The local PoW miner once it runs (a genesis member under <c>pow</c>), for the API.</summary>
    public Consensus.PowMiningService? PowMiner { get; internal set; }

    /// <summary>
    /// Every committed block is final: under <c>single</c> there is one producer and so no fork; under <c>pos</c> a
    /// block is only committed once more than two thirds of the voting weight precommitted it. Under <c>pow</c>
    /// finality is probabilistic: the head minus <see cref="Consensus.PowChain.Confirmations"/>.
    /// </summary>
    public ulong FinalizedHeight => Pow?.FinalizedHeight ?? Chain.Head.Height;

    public void Dispose()
    {
        Chain.BlockCommitted -= OnBlockCommitted;
        _powMempool?.Dispose();
        Events.Complete();
        _store.Dispose();
    }

    private void OnBlockCommitted(Block block, BlockApplyResult result)
    {
        Metrics.OnBlockCommitted(block.Transactions.Count);
        Events.Publish(block);
    }
}
