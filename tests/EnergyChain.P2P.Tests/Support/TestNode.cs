using System.Net;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Network;
using EnergyChain.P2P.Reactors;

namespace EnergyChain.P2P.Tests.Support;

/// <summary>
/// One in-process node: chain over an in-memory store, mempool, and a <see cref="PeerNetwork"/> with every
/// reactor, listening on a free 127.0.0.1 port. Node 0 is the producer (only its blocks are accepted).
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly Dictionary<Address, ulong> _nonces = [];

    private TestNode(TestMembers members, int index, PeerNetwork network, Blockchain chain, TxPool pool, BlockSyncReactor sync, ConsensusReactor consensus)
    {
        Members = members;
        Index = index;
        Network = network;
        Chain = chain;
        Pool = pool;
        Sync = sync;
        Consensus = consensus;
    }

    public TestMembers Members { get; }

    public int Index { get; }

    public PrivateKey Key => Members.Keys[Index];

    public PeerNetwork Network { get; }

    public Blockchain Chain { get; }

    public TxPool Pool { get; }

    public BlockSyncReactor Sync { get; }

    public ConsensusReactor Consensus { get; }

    public PeerAddress Address => PeerAddress.FromEndPoint(Network.ListenEndPoint!);

    public static async Task<TestNode> StartAsync(
        TestMembers members, int index, IEnumerable<PeerAddress>? bootstrap = null, Func<PeerNetworkOptions, PeerNetworkOptions>? configure = null, int? port = null, BlockSyncOptions? syncOptions = null,
        Func<ITxPoolPort, ITxPoolPort>? wrapPool = null)
    {
        var chain = Blockchain.Open(new InMemoryBlockStore(), members.Genesis, new SignatureVerifier(CryptoBackends.Default));
        var pool = new TxPool(chain);
        var producer = members.Keys[0].PublicKey;
        var chainPort = new ChainPort(chain, b => b.Header.ProducerKey is { } k && k.Equals(producer) ? null : "not the producer");
        var options = new PeerNetworkOptions
        {
            Handshake = new HandshakeOptions
            {
                NodeKey = members.Keys[index],
                ChainId = members.Genesis.ChainId,
                GenesisHash = members.Genesis.Hash,
                Membership = StaticMembership.FromGenesis(members.Genesis),
            },
            Listen = new IPEndPoint(IPAddress.Loopback, port ?? 0),
            BootstrapPeers = bootstrap?.ToList() ?? [],
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            DialInterval = TimeSpan.FromMilliseconds(50),
        };
        options = configure?.Invoke(options) ?? options;
        var network = new PeerNetwork(options);
        var sync = new BlockSyncReactor(chainPort, syncOptions ?? new BlockSyncOptions { Tick = TimeSpan.FromMilliseconds(20) });
        var consensus = new ConsensusReactor();
        ITxPoolPort poolPort = new TxPoolPort(pool);
        network.AddReactor(new TxGossipReactor(wrapPool?.Invoke(poolPort) ?? poolPort));
        network.AddReactor(sync);
        network.AddReactor(new BlockPropagationReactor(chainPort, sync));
        network.AddReactor(new PeerExchangeReactor());
        network.AddReactor(consensus);
        await network.StartAsync();
        return new TestNode(members, index, network, chain, pool, sync, consensus);
    }

    /// <summary>A signed transfer from user <paramref name="user"/> with its next nonce (tracked here).</summary>
    public Transaction Transfer(int user, ulong amount = 1)
    {
        var from = Members.Users[user];
        var nonce = _nonces.GetValueOrDefault(from.Address, Chain.GetAccount(from.Address).Nonce);
        _nonces[from.Address] = nonce + 1;
        var to = Members.Users[(user + 1) % Members.Users.Length].Address;
        return Transaction.Create(Members.Genesis.ChainId, from, nonce, 0, new TransferPayload(to, amount));
    }

    /// <summary>Builds a block from the pool (or the given transactions) and commits it; only node 0 may.</summary>
    public Block Produce(IEnumerable<Transaction>? transactions = null)
    {
        var candidates = transactions?.ToList() ?? Pool.SelectForBlock(10_000, 8 * 1024 * 1024);
        var block = Chain.Executor.BuildBlock(Chain, candidates, Key, Chain.Head.Timestamp + 1000).Block;
        var result = Chain.TryAppend(block);
        Assert.True(result.IsValid, result.ToString());
        return block;
    }

    public ValueTask DisposeAsync() => Network.DisposeAsync();
}
