using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;
using EnergyChain.TestKit.Cluster;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergyChain.Consensus.Tests.Support;

/// <summary>
/// One member of a <see cref="ModuleCluster"/>: a chain and a mempool that survive crashes, and the engine's running
/// part made by its module on every start, exactly as a node makes it, with the simulated network as its
/// <see cref="IEngineNetwork"/>. Messages are tagged: 0 a transaction, otherwise the consensus category.
/// </summary>
public sealed class ModuleClusterNode : ISimulatedNode, IEngineNetwork
{
    private readonly IEngineModule _module;
    private readonly IConsensusEngine _engine;
    private readonly PrivateKey _key;
    private readonly string _dataDirectory;
    private readonly Dictionary<uint, EngineMessageHandler> _handlers = [];
    private SimulatedNodeContext? _context;

    public ModuleClusterNode(IEngineModule module, GenesisDocument genesis, PrivateKey key, string dataDirectory)
    {
        _module = module;
        _key = key;
        _dataDirectory = dataDirectory;
        _engine = module.CreateEngine(genesis);
        Chain = Blockchain.Open(new InMemoryBlockStore(), genesis, new SignatureVerifier(CryptoBackends.Default), _engine.Incentives, rules: _engine.Rules);
        Pool = new TxPool(Chain);
    }

    public Blockchain Chain { get; }

    public TxPool Pool { get; }

    /// <summary>The engine's running part since the last start.</summary>
    public IEngineNode? EngineNode { get; private set; }

    /// <summary>Consensus messages this node's engine refused (a node would disconnect their senders).</summary>
    public int Refused { get; private set; }

    public bool IsEnabled => true;

    public int PeerCount => _context?.Peers.Count() ?? 0;

    public void Start(SimulatedNodeContext context)
    {
        _context = context;
        _handlers.Clear();
        EngineNode = _module.CreateNode(_engine, new EngineNodeContext(Chain, Pool, _key, context.Time, NullLoggerFactory.Instance)
        {
            BlockInterval = TimeSpan.FromMilliseconds(200),
            DataDirectory = _dataDirectory,
        });
        EngineNode.StartAsync(this, CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Stop()
    {
        EngineNode?.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        EngineNode?.Dispose();
    }

    /// <summary>Takes a transaction here and floods it to the others, as the P2P gossip would.</summary>
    public TxAdmission Submit(Transaction tx)
    {
        var admission = Pool.Add(tx);
        if (admission.Accepted)
        {
            _context?.Broadcast([0, .. tx.Encoded]);
        }

        return admission;
    }

    public void Receive(int from, byte[] message)
    {
        if (message[0] == 0)
        {
            Pool.Add(message.AsSpan(1));
        }
        else if (_handlers.TryGetValue(message[0], out var handler) && !handler(from, message.AsSpan(1)))
        {
            Refused++;
        }
    }

    public void Handle(uint category, EngineMessageHandler handler) => _handlers[category] = handler;

    public void Broadcast(uint category, ReadOnlySpan<byte> payload) => _context?.Broadcast([(byte)category, .. payload]);

    public void Send(object peer, uint category, ReadOnlySpan<byte> payload) => _context?.Send((int)peer, [(byte)category, .. payload]);
}
