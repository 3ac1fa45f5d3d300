using EnergyChain.Consensus.Engine;
using EnergyChain.Contracts.Runtime;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Storage;
using EnergyChain.Node.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergyChain.Node.Hosting;

/// <summary>
/// The node's composition root: builds everything a running node holds once, in dependency order, and never changes
/// it afterwards. The engine comes first (from genesis, through its module), then the contract runtime (it sees
/// consensus through a view of the engine, reading the state it is handed per block), then the chain (store, engine
/// incentives and rules, contracts), the mempool, and last the engine's running part on this node. Nothing here is
/// set later by the services that use it. Disposing it closes the store (after the host stopped every service).
/// </summary>
public sealed class NodeServices : IDisposable
{
    private readonly IBlockStore _store;

    public NodeServices(
        NodeHome home, NodeConfig config, PrivateKey key, GenesisDocument genesis, IBlockStore store, TimeProvider time,
        ILoggerFactory? loggers = null, EngineRegistry? engines = null)
    {
        Home = home;
        Config = config;
        Key = key;
        Genesis = genesis;
        _store = store;
        Time = time;
        Engines = engines ?? NodeEngines.Registry;
        Module = NodeEngines.Get(Engines, genesis.Engine);
        ConsensusEngine = NodeEngines.Create(Module, genesis);
        Contracts = new ContractRuntime(view: new EngineConsensusView(ConsensusEngine));
        Chain = Blockchain.Open(store, genesis, new SignatureVerifier(CryptoBackends.Default), ConsensusEngine.Incentives, Contracts, ConsensusEngine.Rules);
        Pool = new TxPool(Chain, new TxPoolOptions { MaxTransactions = config.MempoolMaxTransactions, MaxBytes = config.MempoolMaxBytes });
        Events = new BlockEventHub();
        Chain.BlockCommitted += OnBlockCommitted;
        EngineNode = Module.CreateNode(ConsensusEngine, new EngineNodeContext(Chain, Pool, key, time, loggers ?? NullLoggerFactory.Instance)
        {
            BlockInterval = TimeSpan.FromMilliseconds(config.BlockIntervalMs),
            ProduceEmptyBlocks = config.ProduceEmptyBlocks,
            DataDirectory = home.DataDirectory,
            ObserveBlockApply = Metrics.ObserveBlockApply,
        });
    }

    public NodeHome Home { get; }

    public NodeConfig Config { get; }

    public PrivateKey Key { get; }

    public GenesisDocument Genesis { get; }

    public TimeProvider Time { get; }

    public Blockchain Chain { get; }

    /// <summary>Runs contract transactions (VM + host binding + the system contracts).</summary>
    public ContractRuntime Contracts { get; }

    public TxPool Pool { get; }

    public IBlockStore Store => _store;

    public NodeMetrics Metrics { get; } = new();

    public BlockEventHub Events { get; }

    /// <summary>The engine modules this node can run (<see cref="NodeEngines.Registry"/> unless a test adds its own).</summary>
    public EngineRegistry Engines { get; }

    /// <summary>The module of the engine genesis names.</summary>
    public IEngineModule Module { get; }

    /// <summary>The consensus engine genesis names (election, seals, incentives, rules).</summary>
    public IConsensusEngine ConsensusEngine { get; }

    /// <summary>The engine's running part on this node: producer, miner or replica, and its read models.</summary>
    public IEngineNode EngineNode { get; }

    /// <summary>The consensus engine named by the genesis.</summary>
    public string Engine => Module.Name;

    /// <summary>The highest height that cannot be reverted, by the engine's own finality.</summary>
    public ulong FinalizedHeight => EngineNode.FinalizedHeight;

    public void Dispose()
    {
        Chain.BlockCommitted -= OnBlockCommitted;
        EngineNode.Dispose();
        Events.Complete();
        _store.Dispose();
    }

    private void OnBlockCommitted(Block block, BlockApplyResult result)
    {
        Metrics.OnBlockCommitted(block.Transactions.Count);
        Events.Publish(block);
    }
}
