using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Storage;
using EnergyChain.Node.Api;

namespace EnergyChain.Node.Hosting;

/// <summary>
/// Everything a running node holds: key, genesis, store, chain, mempool, metrics, block events.
/// Disposing it closes the store (after the producer has stopped: the host stops hosted services first).
/// </summary>
public sealed class NodeServices : IDisposable
{
    private readonly IBlockStore _store;

    public NodeServices(NodeHome home, NodeConfig config, PrivateKey key, GenesisDocument genesis, IBlockStore store, TimeProvider time)
    {
        Home = home;
        Config = config;
        Key = key;
        Genesis = genesis;
        _store = store;
        Time = time;
        Chain = Blockchain.Open(store, genesis, new SignatureVerifier(CryptoBackends.Default));
        Pool = new TxPool(Chain, new TxPoolOptions { MaxTransactions = config.MempoolMaxTransactions, MaxBytes = config.MempoolMaxBytes });
        Events = new BlockEventHub();
        Chain.BlockCommitted += OnBlockCommitted;
    }

    public NodeHome Home { get; }

    public NodeConfig Config { get; }

    public PrivateKey Key { get; }

    public GenesisDocument Genesis { get; }

    public TimeProvider Time { get; }

    public Blockchain Chain { get; }

    public TxPool Pool { get; }

    public IBlockStore Store => _store;

    public NodeMetrics Metrics { get; } = new();

    public BlockEventHub Events { get; }

    /// <summary>Until the consensus engines land, a node that is the genesis's only member produces alone.</summary>
    public bool IsSoleProducer => Genesis.Members.Count == 1 && Genesis.Members[0].PublicKey.Equals(Key.PublicKey);

    /// <summary>
    /// With one producer there are no forks, so a committed block can never be reverted: it is final.
    /// The finality gadget of the consensus issue replaces this for multi-member chains.
    /// </summary>
    public ulong FinalizedHeight => IsSoleProducer ? Chain.Head.Height : 0;

    public void Dispose()
    {
        Chain.BlockCommitted -= OnBlockCommitted;
        Events.Complete();
        _store.Dispose();
    }

    private void OnBlockCommitted(Block block, BlockApplyResult result)
    {
        Metrics.OnBlockCommitted(block.Transactions.Count);
        Events.Publish(block);
    }
}
