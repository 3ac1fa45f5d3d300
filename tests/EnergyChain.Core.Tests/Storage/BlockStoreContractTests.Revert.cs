using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using EnergyChain.Core.Storage;

namespace EnergyChain.Core.Tests.Storage;

/// <summary><see cref="IBlockStore.RevertHead"/> and the undo data behind it, for every store.</summary>
public abstract partial class BlockStoreContractTests
{
    [Fact]
    public void RevertHead_PutsBackTheParentsHeadAccountsAndTxIndex()
    {
        var source = new RecordedChain(users: 5, seed: "store/revert");
        source.Produce(blocks: 3, txsPerBlock: 10);
        var store = NewStore();
        source.CommitInto(store, upTo: 2);
        var atParent = Snapshot.Of(store);
        var (head, headChanges) = source.Blocks[3];
        store.CommitBlock(head, headChanges);

        var reverted = store.RevertHead();

        Assert.Equal(head.Hash, reverted.Block.Hash);
        Assert.Equal(headChanges.Accounts, reverted.Changes.Accounts);
        Assert.Equal(atParent, Snapshot.Of(store));
        Assert.Equal(new StoredHead(2, source.Blocks[2].Block.Hash), store.ReadHead());
        Assert.Null(store.GetBlock(head.Hash));
        Assert.All(head.Transactions, tx => Assert.Null(store.GetTxLocation(tx.Hash)));
        AssertTxIndexHolds(store, source.Blocks[1].Block, source.Blocks[2].Block);
        Assert.Equal(source.Blocks[2].Block.Header.StateRoot, LedgerState.FromAccounts(store.ReadAccounts()).Root);

        // What an in-memory state at the head needs to move back to the parent's root.
        var state = LedgerState.FromAccounts(source.Chain.Chain.State.SnapshotAccounts());
        Assert.Equal(head.Header.StateRoot, state.Root);
        state.Apply(reverted.Restored);
        Assert.Equal(source.Blocks[2].Block.Header.StateRoot, state.Root);
    }

    [Fact]
    public void RevertHead_DeletesCreatedAccountsAndRecreatesDeletedOnes()
    {
        var source = new RecordedChain(users: 3, seed: "store/revert-create");
        source.Produce(blocks: 1, txsPerBlock: 3);
        var store = NewStore();
        source.CommitInto(store, upTo: 0);
        var atParent = Snapshot.Of(store);
        var drained = source.Chain.Users[0].Address;
        var created = PrivateKey.FromSeed("store/revert-create/new").Address;
        var drainedBefore = store.GetAccount(drained);
        Assert.NotNull(drainedBefore);
        Assert.Null(store.GetAccount(created));

        store.CommitBlock(source.Blocks[1].Block, StateChanges.FromUnsorted([new(drained, Account.Empty), new(created, new Account(5, 0, 0, 0))]));
        Assert.Null(store.GetAccount(drained));
        var reverted = store.RevertHead();

        Assert.Equal(drainedBefore, store.GetAccount(drained));
        Assert.Null(store.GetAccount(created));
        Assert.Equal(atParent, Snapshot.Of(store));
        Assert.Contains(new KeyValuePair<Address, Account>(created, Account.Empty), reverted.Restored.Accounts);
        Assert.Contains(new KeyValuePair<Address, Account>(drained, Account.Empty), reverted.Changes.Accounts);
    }

    [Fact]
    public void RevertThenRecommitOfTheSameBlocks_IsIdentical()
    {
        var source = new RecordedChain(users: 4, seed: "store/recommit");
        source.Produce(blocks: 4, txsPerBlock: 7);
        var store = NewStore();
        source.CommitInto(store, upTo: 4);
        var before = Snapshot.Of(store);

        var second = store.RevertHead();
        var first = store.RevertHead();
        Assert.Equal(new StoredHead(2, source.Blocks[2].Block.Hash), store.ReadHead());
        store.CommitBlock(first.Block, first.Changes);
        store.CommitBlock(second.Block, second.Changes);

        Assert.Equal(before, Snapshot.Of(store));
        AssertTxIndexHolds(store, source.Blocks.Skip(1).Select(b => b.Block).ToArray());

        // The undo data was written again too: the recommitted head reverts like the original did.
        var again = store.RevertHead();
        Assert.Equal(second.Block.Hash, again.Block.Hash);
        Assert.Equal(second.Restored.Accounts, again.Restored.Accounts);
    }

    [Fact]
    public void RevertHead_OfGenesisOrAnEmptyStore_IsRefused_AndChangesNothing()
    {
        var store = NewStore();
        Assert.Equal(StoreError.GenesisNotRevertible, Assert.Throws<StoreException>(() => store.RevertHead()).Error);

        var source = new RecordedChain(users: 2, seed: "store/revert-genesis");
        source.CommitInto(store, upTo: 0);
        var before = Snapshot.Of(store);

        var e = Assert.Throws<StoreException>(() => store.RevertHead());

        Assert.Equal(StoreError.GenesisNotRevertible, e.Error);
        Assert.Contains("genesis", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot.Of(store));
    }

    [Fact]
    public void RevertHead_BeyondTheUndoDepth_IsUndoDataMissing_AndChangesNothing()
    {
        var source = new RecordedChain(users: 3, seed: "store/undo-depth");
        source.Produce(blocks: 5, txsPerBlock: 4);
        var store = NewStore(new BlockStoreOptions { UndoDepth = 2 });
        Assert.Equal(2UL, store.UndoDepth);
        source.CommitInto(store, upTo: 5);

        store.RevertHead();
        store.RevertHead();
        var before = Snapshot.Of(store);
        var e = Assert.Throws<StoreException>(() => store.RevertHead());

        Assert.Equal(StoreError.UndoDataMissing, e.Error);
        Assert.Contains("block 3", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot.Of(store));
        Assert.Equal(new StoredHead(3, source.Blocks[3].Block.Hash), store.ReadHead());

        // Committing again records undo data for the new blocks, and the pruning window moves with the head.
        store.CommitBlock(source.Blocks[4].Block, source.Blocks[4].Changes);
        store.CommitBlock(source.Blocks[5].Block, source.Blocks[5].Changes);
        Assert.Equal(5UL, store.RevertHead().Block.Height);
        Assert.Equal(4UL, store.RevertHead().Block.Height);
        Assert.Equal(StoreError.UndoDataMissing, Assert.Throws<StoreException>(() => store.RevertHead()).Error);
    }

    [Fact]
    public void UndoDepthZero_KeepsNoUndoData()
    {
        var source = new RecordedChain(users: 2, seed: "store/undo-zero");
        source.Produce(blocks: 1, txsPerBlock: 2);
        var store = NewStore(new BlockStoreOptions { UndoDepth = 0 });
        source.CommitInto(store, upTo: 1);

        Assert.Equal(StoreError.UndoDataMissing, Assert.Throws<StoreException>(() => store.RevertHead()).Error);
        Assert.Equal(new StoredHead(1, source.Blocks[1].Block.Hash), store.ReadHead());
    }

    [Fact]
    public void DefaultUndoDepth_IsAThousandBlocks()
    {
        Assert.Equal(1_000UL, NewStore().UndoDepth);
    }

    protected static void AssertTxIndexHolds(IBlockStore store, params Block[] blocks)
    {
        foreach (var block in blocks)
        {
            for (var i = 0; i < block.Transactions.Count; i++)
            {
                Assert.Equal(new TxLocation(block.Height, i), store.GetTxLocation(block.Transactions[i].Hash));
            }
        }
    }
}
