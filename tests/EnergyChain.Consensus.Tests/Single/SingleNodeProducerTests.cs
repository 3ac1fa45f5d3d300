using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Single;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.State;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergyChain.Consensus.Tests.Single;

public sealed class SingleNodeProducerTests
{
    /// <summary>A store whose commits can be made to fail, as on a full disk.</summary>
    private sealed class FlakyStore : IBlockStore
    {
        private readonly InMemoryBlockStore _inner = new();

        public bool Fail { get; set; }

        public void CommitBlock(Block block, StateChanges changes, ReadOnlyMemory<byte> finalityProof = default)
        {
            if (Fail)
            {
                throw new StoreException(StoreError.Unavailable, "disk full");
            }

            _inner.CommitBlock(block, changes, finalityProof);
        }

        public StoredHead? ReadHead() => _inner.ReadHead();

        public ulong UndoDepth => _inner.UndoDepth;

        public RevertedBlock RevertHead() => _inner.RevertHead();

        public byte[]? GetFinalityProof(ulong height) => _inner.GetFinalityProof(height);

        public Block? GetBlock(ulong height) => _inner.GetBlock(height);

        public Block? GetBlock(Hash256 hash) => _inner.GetBlock(hash);

        public TxLocation? GetTxLocation(Hash256 txHash) => _inner.GetTxLocation(txHash);

        public Account? GetAccount(Address address) => _inner.GetAccount(address);

        public IEnumerable<KeyValuePair<Address, Account>> ReadAccounts() => _inner.ReadAccounts();

        public void Dispose() => _inner.Dispose();
    }

    private static (SingleNodeProducer Producer, EngineNodeContext Node, FlakyStore Store, PrivateKey User, List<TimeSpan> Observed) Create(bool emptyBlocks = false)
    {
        var key = PrivateKey.FromSeed("producer-test/node");
        var user = PrivateKey.FromSeed("producer-test/user");
        var genesis = GenesisLoader.Create("energychain-test", 1_000, "single", [new GenesisMember("n", key.PublicKey)], [new GenesisAccount(user.Address, 1_000_000, 0)]);
        var store = new FlakyStore();
        var engine = new SingleEngine(genesis);
        var chain = Blockchain.Open(store, genesis, new SignatureVerifier(CryptoBackends.Default), engine.Incentives);
        var observed = new List<TimeSpan>();
        var node = new EngineNodeContext(chain, new TxPool(chain), key, TimeProvider.System, NullLoggerFactory.Instance)
        {
            ProduceEmptyBlocks = emptyBlocks,
            ObserveBlockApply = observed.Add,
        };
        return (new SingleNodeProducer(engine.Producer, node), node, store, user, observed);
    }

    [Fact]
    public void Skips_empty_blocks_unless_configured()
    {
        var (producer, _, _, _, _) = Create();
        Assert.True(producer.IsProducer);
        Assert.Null(producer.ProduceOnce());
        var (withEmpty, _, _, _, _) = Create(emptyBlocks: true);
        Assert.Equal(1UL, withEmpty.ProduceOnce());
    }

    [Fact]
    public void A_failed_commit_keeps_the_transactions_and_the_next_tick_commits_them()
    {
        var (producer, node, store, user, observed) = Create();
        var tx = Transaction.Create("energychain-test", user, 0, 0, new TransferPayload(node.Key.Address, 10));
        Assert.True(node.Pool.Add(tx).Accepted);

        store.Fail = true;
        Assert.Null(producer.ProduceOnce());
        Assert.Equal(0UL, node.Chain.Head.Height);
        Assert.True(node.Pool.Contains(tx.Hash));
        Assert.Empty(observed);

        store.Fail = false;
        Assert.Equal(1UL, producer.ProduceOnce());
        Assert.False(node.Pool.Contains(tx.Hash));
        Assert.Equal(10UL, node.Chain.GetAccount(node.Key.Address).Balance);
        Assert.Single(observed);
    }
}
