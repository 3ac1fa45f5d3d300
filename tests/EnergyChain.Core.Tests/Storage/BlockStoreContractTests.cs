using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using EnergyChain.Core.Storage;
using EnergyChain.Harness;

namespace EnergyChain.Core.Tests.Storage;

/// <summary>
/// The <see cref="IBlockStore"/> contract, run against every implementation (see the subclasses at the end
/// of this file and <see cref="SqliteBlockStoreTests"/>). Blocks come from <see cref="TestChain"/>, either
/// committed through <see cref="Blockchain"/> straight into the store under test, or recorded on an
/// in-memory source chain and then fed to <see cref="IBlockStore.CommitBlock"/> by hand.
/// </summary>
public abstract partial class BlockStoreContractTests : IDisposable
{
    private readonly List<IBlockStore> _stores = new();

    /// <summary>A fresh, empty store. The base class disposes it after the test.</summary>
    protected abstract IBlockStore CreateEmptyStore(BlockStoreOptions? options);

    protected IBlockStore NewStore(BlockStoreOptions? options = null)
    {
        var store = CreateEmptyStore(options);
        _stores.Add(store);
        return store;
    }

    public virtual void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public void EmptyStore_HasNoHeadAndNothingStored()
    {
        var store = NewStore();
        var someone = PrivateKey.FromSeed("store/nobody").Address;

        Assert.Null(store.ReadHead());
        Assert.Null(store.GetBlock(0));
        Assert.Null(store.GetBlock(Hash256.Compute([1, 2, 3])));
        Assert.Null(store.GetTxLocation(Hash256.Compute([4, 5, 6])));
        Assert.Null(store.GetAccount(someone));
        Assert.Empty(store.ReadAccounts());
    }

    [Fact]
    public void CommittedBlocks_ReadBackByHeightAndHash_ByteIdentical()
    {
        var store = NewStore();
        var chain = new TestChain(users: 6, store: store, seed: "store/read");
        var blocks = new List<Block> { chain.Genesis.CreateGenesisBlock() };
        for (var i = 0; i < 4; i++)
        {
            blocks.Add(chain.Commit(chain.RoundRobinTransfers(10 + i)));
        }

        // An empty block too: no transactions, no tx index rows, only the producer's account untouched.
        blocks.Add(chain.Commit([]));

        foreach (var block in blocks)
        {
            var byHeight = store.GetBlock(block.Height);
            var byHash = store.GetBlock(block.Hash);
            Assert.NotNull(byHeight);
            Assert.NotNull(byHash);
            Assert.Equal(block.Encode(), byHeight.Encode());
            Assert.Equal(block.Encode(), byHash.Encode());
            Assert.Equal(block.Hash, byHeight.Hash);
        }

        Assert.Null(store.GetBlock((ulong)blocks.Count));
        Assert.Null(store.GetBlock(ulong.MaxValue / 2));
        Assert.Null(store.GetBlock((ulong)long.MaxValue + 1)); // heights come from peers and the API
        Assert.Null(store.GetBlock(ulong.MaxValue));
        Assert.Null(store.GetBlock(Hash256.Compute([7])));
    }

    [Fact]
    public void ReadHead_NamesTheLastCommittedBlock()
    {
        var store = NewStore();
        var chain = new TestChain(users: 4, store: store, seed: "store/head");
        Assert.Equal(new StoredHead(0, chain.Genesis.CreateGenesisBlock().Hash), store.ReadHead());

        for (var i = 0; i < 3; i++)
        {
            var block = chain.Commit(chain.RoundRobinTransfers(5));
            Assert.Equal(new StoredHead(block.Height, block.Hash), store.ReadHead());
        }
    }

    [Fact]
    public void TxIndex_LocatesEveryCommittedTransaction()
    {
        var store = NewStore();
        var chain = new TestChain(users: 5, store: store, seed: "store/txindex");
        var blocks = new List<Block>();
        for (var i = 0; i < 3; i++)
        {
            blocks.Add(chain.Commit(chain.RoundRobinTransfers(12)));
        }

        foreach (var block in blocks)
        {
            for (var i = 0; i < block.Transactions.Count; i++)
            {
                Assert.Equal(new TxLocation(block.Height, i), store.GetTxLocation(block.Transactions[i].Hash));
            }
        }

        // A signed transaction that was never committed is not found.
        var pending = chain.Transfer(chain.Users[0], chain.Users[1].Address, 1);
        Assert.Null(store.GetTxLocation(pending.Hash));
        Assert.Null(store.GetTxLocation(blocks[0].Hash));
    }

    [Fact]
    public void Accounts_MatchTheChainState()
    {
        var store = NewStore();
        var chain = new TestChain(users: 7, store: store, seed: "store/accounts");
        AssertAccountsEqual(chain.Chain.State.SnapshotAccounts(), store.ReadAccounts());

        for (var i = 0; i < 3; i++)
        {
            chain.Commit(chain.RoundRobinTransfers(9, amount: 1_000 + (ulong)i));
            AssertAccountsEqual(chain.Chain.State.SnapshotAccounts(), store.ReadAccounts());
        }

        foreach (var user in chain.Users)
        {
            Assert.Equal(chain.Chain.GetAccount(user.Address), store.GetAccount(user.Address));
        }

        // Addresses come back in ascending order (the state root is computed over that order).
        var addresses = store.ReadAccounts().Select(a => a.Key).ToList();
        Assert.Equal(addresses.Order().ToList(), addresses);
        Assert.Equal(chain.Chain.StateRoot, LedgerState.FromAccounts(store.ReadAccounts()).Root);
    }

    [Fact]
    public void AccountThatBecomesEmpty_IsDeleted()
    {
        var source = new RecordedChain(users: 3, seed: "store/empty");
        source.Produce(blocks: 1, txsPerBlock: 3);
        var store = NewStore();
        source.CommitInto(store, upTo: 0);

        var drained = source.Chain.Users[0].Address;
        var changed = source.Chain.Users[1].Address;
        var neverExisted = PrivateKey.FromSeed("store/empty/never").Address;
        Assert.NotNull(store.GetAccount(drained));
        var before = store.ReadAccounts().Count();

        // The store writes whatever changes it is given (the executor decides them); an account whose every
        // field is zero must disappear rather than be kept as an empty row, or the stored accounts would
        // hash to a different state root than the in-memory state.
        var changes = StateChanges.FromUnsorted(
        [
            new(drained, Account.Empty),
            new(changed, new Account(42, 7, 0, 0)),
            new(neverExisted, Account.Empty),
        ]);
        store.CommitBlock(source.Blocks[1].Block, changes);

        Assert.Null(store.GetAccount(drained));
        Assert.Null(store.GetAccount(neverExisted));
        Assert.Equal(new Account(42, 7, 0, 0), store.GetAccount(changed));
        var after = store.ReadAccounts().ToList();
        Assert.Equal(before - 1, after.Count);
        Assert.DoesNotContain(after, a => a.Key == drained || a.Key == neverExisted);
        Assert.DoesNotContain(after, a => a.Value.IsEmpty);
    }

    [Theory]
    [InlineData(0)] // genesis again
    [InlineData(2)] // the head again
    [InlineData(4)] // skips a height
    public void CommitThatDoesNotExtendTheHead_ThrowsNotNextBlock_AndChangesNothing(int height)
    {
        var source = new RecordedChain(users: 4, seed: "store/notnext");
        source.Produce(blocks: 4, txsPerBlock: 6);
        var store = NewStore();
        source.CommitInto(store, upTo: 2);
        var before = Snapshot.Of(store);

        var (block, changes) = source.Blocks[height];
        var e = Assert.Throws<StoreException>(() => store.CommitBlock(block, changes));

        Assert.Equal(StoreError.NotNextBlock, e.Error);
        Assert.Equal(before, Snapshot.Of(store));
        if (height > 2)
        {
            Assert.Null(store.GetBlock(block.Hash));
            Assert.All(block.Transactions, tx => Assert.Null(store.GetTxLocation(tx.Hash)));
        }

        // The refused commit left the store usable: the real next blocks still go in.
        store.CommitBlock(source.Blocks[3].Block, source.Blocks[3].Changes);
        store.CommitBlock(source.Blocks[4].Block, source.Blocks[4].Changes);
        Assert.Equal(new StoredHead(4, source.Blocks[4].Block.Hash), store.ReadHead());
        AssertAccountsEqual(source.Chain.Chain.State.SnapshotAccounts(), store.ReadAccounts());
    }

    [Fact]
    public void CommitOfTheRightHeightOnAnotherParent_ThrowsNotNextBlock_AndChangesNothing()
    {
        // Two chains from the same genesis that diverge at block 1: block 2 of the other fork has the right
        // height for this store but names a parent the store does not hold as its head.
        var source = new RecordedChain(users: 4, seed: "store/fork");
        source.Produce(blocks: 2, txsPerBlock: 3);
        var fork = new RecordedChain(users: 4, seed: "store/fork");
        fork.Produce(blocks: 2, txsPerBlock: 5);
        Assert.NotEqual(source.Blocks[1].Block.Hash, fork.Blocks[1].Block.Hash);

        var store = NewStore();
        source.CommitInto(store, upTo: 1);
        var before = Snapshot.Of(store);

        var e = Assert.Throws<StoreException>(() => store.CommitBlock(fork.Blocks[2].Block, fork.Blocks[2].Changes));

        Assert.Equal(StoreError.NotNextBlock, e.Error);
        Assert.Contains("parent", e.Message);
        Assert.Equal(before, Snapshot.Of(store));
        store.CommitBlock(source.Blocks[2].Block, source.Blocks[2].Changes);
        Assert.Equal(new StoredHead(2, source.Blocks[2].Block.Hash), store.ReadHead());
    }

    [Fact]
    public void EmptyStore_RefusesAnythingButHeightZero()
    {
        var source = new RecordedChain(users: 2, seed: "store/empty-refuses");
        source.Produce(blocks: 1, txsPerBlock: 2);
        var store = NewStore();

        var e = Assert.Throws<StoreException>(() => store.CommitBlock(source.Blocks[1].Block, source.Blocks[1].Changes));

        Assert.Equal(StoreError.NotNextBlock, e.Error);
        Assert.Null(store.ReadHead());
        Assert.Null(store.GetBlock(1));
        Assert.Empty(store.ReadAccounts());
    }

    [Fact]
    public void StoreFilledByHand_OpensAsTheSameChain()
    {
        var source = new RecordedChain(users: 4, seed: "store/byhand");
        source.Produce(blocks: 3, txsPerBlock: 8);
        var store = NewStore();
        source.CommitInto(store, upTo: 3);

        var chain = Blockchain.Open(store, source.Chain.Genesis, source.Chain.Signatures);

        Assert.Equal(source.Chain.Chain.Head, chain.Head);
        Assert.Equal(source.Chain.Chain.StateRoot, chain.StateRoot);
    }

    [Fact]
    public async Task ReadsDuringCommits_AlwaysSeeACommittedHead()
    {
        var source = new RecordedChain(users: 8, seed: "store/concurrent");
        source.Produce(blocks: 12, txsPerBlock: 40);
        var store = NewStore();
        source.CommitInto(store, upTo: 0);

        using var done = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = 0;
        var last = 0UL;
        void ReadOnce()
        {
            var head = store.ReadHead() ?? throw new InvalidOperationException("head vanished");
            Assert.True(head.Height >= last, $"head went back from {last} to {head.Height}");
            var block = store.GetBlock(head.Height) ?? throw new InvalidOperationException($"head block {head.Height} missing");
            Assert.Equal(head.Hash, block.Hash);
            if (block.Transactions.Count > 0)
            {
                Assert.Equal(new TxLocation(head.Height, 0), store.GetTxLocation(block.Transactions[0].Hash));
            }

            last = head.Height;
            reads++;
        }

        var reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                ReadOnce();
                started.TrySetResult();
            }
        });

        await started.Task;
        try
        {
            for (var h = 1; h < source.Blocks.Count; h++)
            {
                store.CommitBlock(source.Blocks[h].Block, source.Blocks[h].Changes);
            }
        }
        finally
        {
            done.Cancel();
            await reader;
        }

        ReadOnce();
        Assert.True(reads >= 2);
        Assert.Equal(12UL, last);
        Assert.Equal(new StoredHead(12, source.Blocks[12].Block.Hash), store.ReadHead());
    }

    protected static void AssertAccountsEqual(
        IEnumerable<KeyValuePair<Address, Account>> expected,
        IEnumerable<KeyValuePair<Address, Account>> actual) =>
        Assert.Equal(expected.OrderBy(a => a.Key).ToList(), actual.ToList());

    /// <summary>What a store holds, for "changed nothing" checks.</summary>
    protected sealed record Snapshot(StoredHead? Head, string Blocks, string Accounts)
    {
        public static Snapshot Of(IBlockStore store)
        {
            var head = store.ReadHead();
            var blocks = new List<string>();
            for (var h = 0UL; head is not null && h <= head.Value.Height + 2; h++)
            {
                var block = store.GetBlock(h);
                blocks.Add(block is null ? "-" : Convert.ToHexString(block.Encode()));
            }

            var accounts = store.ReadAccounts().Select(a => $"{a.Key}={a.Value}");
            return new Snapshot(head, string.Join("|", blocks), string.Join("|", accounts));
        }
    }

    /// <summary>An in-memory chain whose blocks and state changes are recorded for committing elsewhere.</summary>
    protected sealed class RecordedChain
    {
        public RecordedChain(int users, string seed)
        {
            Chain = new TestChain(users: users, seed: seed);
            Blocks.Add((Chain.Genesis.CreateGenesisBlock(), Chain.Genesis.InitialState()));
            Chain.Chain.BlockCommitted += (block, result) => Blocks.Add((block, result.Changes));
        }

        public TestChain Chain { get; }

        /// <summary>Every block from genesis on, with the changes it made; index = height.</summary>
        public List<(Block Block, StateChanges Changes)> Blocks { get; } = new();

        public void Produce(int blocks, int txsPerBlock)
        {
            for (var i = 0; i < blocks; i++)
            {
                Chain.Commit(Chain.RoundRobinTransfers(txsPerBlock));
            }
        }

        public void CommitInto(IBlockStore store, int upTo)
        {
            for (var h = 0; h <= upTo; h++)
            {
                store.CommitBlock(Blocks[h].Block, Blocks[h].Changes);
            }
        }
    }
}
