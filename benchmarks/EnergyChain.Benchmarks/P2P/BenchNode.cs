using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using EnergyChain.Benchmarks.Pipeline;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Network;
using EnergyChain.P2P.Reactors;

namespace EnergyChain.Benchmarks.P2P;

/// <summary>
/// One in-process node as <c>tests/EnergyChain.P2P.Tests/Support/TestNode.cs</c> wires it: chain over the given
/// store with its own signature cache, mempool, and a <see cref="PeerNetwork"/> with every reactor on a free
/// 127.0.0.1 port (real TCP, handshake and AES-GCM). Only blocks of node 0 are accepted. The network is started
/// separately, so history can be committed first.
/// </summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private int _started;

    public BenchNode(BenchMembers members, int index, IBlockStore store, SignatureVerifier signatures, IEnumerable<PeerAddress> bootstrap, BlockSyncOptions syncOptions)
    {
        Index = index;
        Key = members.Keys[index];
        Store = new TimedBlockStore(store);
        Chain = Blockchain.Open(Store, members.Genesis, signatures);

        // First subscriber, so the time is taken before anything else reacts to the commit.
        Chain.BlockCommitted += (block, _) => CommitTimes[block.Height] = Stopwatch.GetTimestamp();
        Pool = new TxPool(Chain);
        var producer = members.Keys[0].PublicKey;
        Port = new TimedChainPort(Chain, Store, b => b.Header.ProducerKey is { } k && k.Equals(producer) ? null : "not the producer");
        Network = new PeerNetwork(new PeerNetworkOptions
        {
            Handshake = new HandshakeOptions
            {
                NodeKey = Key,
                ChainId = members.Genesis.ChainId,
                GenesisHash = members.Genesis.Hash,
                Membership = StaticMembership.FromGenesis(members.Genesis),
            },
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            BootstrapPeers = [.. bootstrap],
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            DialInterval = TimeSpan.FromMilliseconds(50),
        });
        Sync = new BlockSyncReactor(Port, syncOptions);
        Network.AddReactor(new TxGossipReactor(new TxPoolPort(Pool)));
        Network.AddReactor(Sync);
        Network.AddReactor(new BlockPropagationReactor(Port, Sync));
        Network.AddReactor(new PeerExchangeReactor());
        Network.AddReactor(new ConsensusReactor());
    }

    public int Index { get; }

    public PrivateKey Key { get; }

    public TimedBlockStore Store { get; }

    public Blockchain Chain { get; }

    public TxPool Pool { get; }

    public TimedChainPort Port { get; }

    public PeerNetwork Network { get; }

    public BlockSyncReactor Sync { get; }

    /// <summary>Stopwatch timestamp at which each height was committed here.</summary>
    public ConcurrentDictionary<ulong, long> CommitTimes { get; } = new();

    public PeerAddress Address => PeerAddress.FromEndPoint(Network.ListenEndPoint!);

    public Task StartAsync()
    {
        Interlocked.Exchange(ref _started, 1);
        return Network.StartAsync();
    }

    /// <summary>Builds the next block from <paramref name="transactions"/> (in order) and commits it; only node 0 may.</summary>
    public Block Produce(IReadOnlyList<Transaction> transactions)
    {
        // BuildBlock checks signatures one at a time; the producer fills its cache on both cores first.
        Chain.Executor.Signatures.VerifyBatch(transactions);
        var built = Chain.Executor.BuildBlock(Chain, transactions, Key, Chain.Head.Timestamp + 1000);
        if (built.Skipped.Count > 0)
        {
            throw new InvalidOperationException($"the producer left out a transaction: {built.Skipped[0].Reason}");
        }

        var result = Chain.TryAppend(built.Block);
        return result.IsValid ? built.Block : throw new InvalidOperationException($"the producer's own block was refused: {result}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _started) != 0)
        {
            await Network.DisposeAsync().ConfigureAwait(false);
        }

        Store.Dispose();
    }
}
