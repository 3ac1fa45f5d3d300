using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.State;
using EnergyChain.Core.Storage;
using EnergyChain.Harness;
using Microsoft.Data.Sqlite;

namespace EnergyChain.Core.Tests.Chain;

/// <summary>
/// <see cref="Blockchain.TryReorganize"/> on both stores. The canonical chain under test and a rival chain
/// share genesis and block 1; above it the canonical chain has blocks 2a..3a, the rival 2b..4b with other
/// transactions, so every account, root and index entry differs between the two branches.
/// </summary>
public sealed class BlockchainReorgTests : IDisposable
{
    private const string Seed = "reorg";
    private readonly string _directory = Directory.CreateTempSubdirectory("energychain-reorg-").FullName;
    private readonly List<IBlockStore> _stores = new();

    public static TheoryData<string> Stores => new() { "memory", "sqlite" };

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Reorganizing_to_a_longer_valid_branch_makes_it_canonical(string kind)
    {
        var f = Fork(kind);
        var events = new List<string>();
        ChainReorganization? seen = null;
        f.Chain.Chain.Reorganized += r =>
        {
            seen = r;
            events.Add("reorganized");
        };
        f.Chain.Chain.BlockCommitted += (block, result) => events.Add($"committed {block.Height} {f.Chain.Chain.Head.Height}");

        var result = f.Chain.Chain.TryReorganize(f.Branch, finalizedHeight: 1);

        Assert.True(result.IsReorganized, result.ToString());
        AssertChainEquals(f.Rival, f.Chain);
        Assert.All(f.Canonical.SelectMany(b => b.Transactions), tx => Assert.Null(f.Chain.Store.GetTxLocation(tx.Hash)));
        AssertTxIndexHolds(f.Chain.Store, f.Branch);

        Assert.NotNull(seen);
        Assert.Equal(1UL, seen.ForkHeight);
        Assert.Equal(f.Canonical.Select(b => b.Hash), seen.Reverted.Select(b => b.Hash));
        Assert.Equal(f.Branch.Select(b => b.Hash), seen.Applied.Select(b => b.Hash));
        Assert.Same(seen, result.Reorganization);

        // Reorganized first (reverted transactions back to the mempool), then one BlockCommitted per applied
        // block, all after the whole switch.
        Assert.Equal(["reorganized", "committed 2 4", "committed 3 4", "committed 4 4"], events);

        // The chain carries on from the new head.
        var next = f.Rival.Build(f.Rival.RoundRobinTransfers(2));
        Assert.True(f.Chain.Chain.TryAppend(next).IsValid);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void A_branch_that_starts_with_canonical_blocks_forks_where_it_first_differs(string kind)
    {
        var f = Fork(kind);
        var reorganized = 0;
        f.Chain.Chain.Reorganized += _ => reorganized++;
        var shared = f.Chain.Store.GetBlock(1)!;

        var result = f.Chain.Chain.TryReorganize([shared, .. f.Branch], finalizedHeight: 1);

        Assert.True(result.IsReorganized, result.ToString());
        Assert.Equal(1UL, result.Reorganization!.ForkHeight);
        Assert.Equal(f.Branch.Count, result.Reorganization.Applied.Count);
        AssertChainEquals(f.Rival, f.Chain);

        var again = f.Chain.Chain.TryReorganize(f.Branch, finalizedHeight: 1);
        Assert.Equal(ReorgStatus.AlreadyCanonical, again.Status);
        Assert.Equal(1, reorganized);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Reverting_to_the_fork_point_puts_the_in_memory_state_back_at_its_root(string kind)
    {
        var f = Fork(kind);
        var forkBlock = f.Chain.Store.GetBlock(1)!;
        var atFork = new TestChain(users: 4, seed: Seed);
        Assert.True(atFork.Chain.TryAppend(forkBlock).IsValid);
        var accountsAtFork = atFork.Chain.State.SnapshotAccounts();
        Assert.NotEqual(forkBlock.Header.StateRoot, f.Chain.Chain.StateRoot);

        // An empty block (no fees, no reward) changes no account: after it the state is the fork point's.
        var empty = atFork.Build([]);
        var result = f.Chain.Chain.TryReorganize([empty], finalizedHeight: 0);

        Assert.True(result.IsReorganized, result.ToString());
        Assert.Equal(forkBlock.Header.StateRoot, empty.Header.StateRoot);
        Assert.Equal(forkBlock.Header.StateRoot, f.Chain.Chain.StateRoot);
        Assert.Equal(accountsAtFork, f.Chain.Chain.State.SnapshotAccounts());
        Assert.Equal(forkBlock.Header.StateRoot, LedgerState.FromAccounts(f.Chain.Store.ReadAccounts()).Root);
        Assert.Equal(new StoredHead(2, empty.Hash), f.Chain.Store.ReadHead());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void An_invalid_block_in_the_middle_of_the_branch_leaves_the_chain_exactly_as_it_was(string kind)
    {
        var f = Fork(kind);
        var before = ChainSnapshot.Of(f.Chain);
        var events = 0;
        f.Chain.Chain.Reorganized += _ => events++;
        f.Chain.Chain.BlockCommitted += (_, _) => events++;

        // 3b re-signed with a wrong state root, and 4b re-linked onto it, so the branch is still a chain.
        var bad = Resign(f.Branch[1], f.Chain.Producer, h => h with { StateRoot = Hash256.Compute([0xBA, 0xD0]) });
        var after = Resign(f.Branch[2], f.Chain.Producer, h => h with { ParentHash = bad.Hash });
        var result = f.Chain.Chain.TryReorganize([f.Branch[0], bad, after], finalizedHeight: 1);

        Assert.Equal(ReorgStatus.InvalidBlock, result.Status);
        Assert.Equal(bad.Hash, result.InvalidBlock!.Hash);
        Assert.Equal(BlockError.StateRootMismatch, result.BlockResult!.Error);
        Assert.Null(result.Reorganization);
        Assert.Equal(0, events);
        Assert.Equal(before, ChainSnapshot.Of(f.Chain));
        AssertTxIndexHolds(f.Chain.Store, f.Canonical);
        Assert.All(f.Branch[0].Transactions, tx => Assert.Null(f.Chain.Store.GetTxLocation(tx.Hash)));

        // And it still works: the original branch grows, and the valid rival branch can still win.
        f.Chain.Commit(f.Chain.RoundRobinTransfers(2));
        Assert.Equal(4UL, f.Chain.Chain.Head.Height);
        Assert.True(f.Chain.Chain.TryReorganize(f.Branch, finalizedHeight: 1).IsReorganized);
        AssertChainEquals(f.Rival, f.Chain);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void A_fork_point_below_the_finalized_height_is_refused(string kind)
    {
        var f = Fork(kind);
        var before = ChainSnapshot.Of(f.Chain);

        var result = f.Chain.Chain.TryReorganize(f.Branch, finalizedHeight: 2);

        Assert.Equal(ReorgStatus.BelowFinalized, result.Status);
        Assert.Equal(before, ChainSnapshot.Of(f.Chain));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Unknown_fork_points_broken_branches_and_too_deep_forks_are_refused(string kind)
    {
        var f = Fork(kind, undoDepth: 1);
        var before = ChainSnapshot.Of(f.Chain);

        Assert.Equal(ReorgStatus.UnknownForkPoint, f.Chain.Chain.TryReorganize(f.Branch.Skip(1).ToList(), 0).Status);
        Assert.Equal(ReorgStatus.NotAChain, f.Chain.Chain.TryReorganize([f.Branch[0], f.Branch[2]], 0).Status);
        Assert.Equal(ReorgStatus.NotAChain, f.Chain.Chain.TryReorganize([], 0).Status);
        var tooDeep = f.Chain.Chain.TryReorganize(f.Branch, 0);
        Assert.Equal(ReorgStatus.TooDeep, tooDeep.Status);
        Assert.Contains("can revert 1", tooDeep.Message, StringComparison.Ordinal);

        Assert.Equal(before, ChainSnapshot.Of(f.Chain));
    }

    [Fact]
    public void A_sqlite_store_reopens_after_a_reorganization_at_the_new_head()
    {
        var path = Path.Combine(_directory, "reopen.db");
        ChainHead head;
        List<KeyValuePair<Address, Account>> accounts;
        IReadOnlyList<Block> branch;
        using (var store = SqliteBlockStore.Open(path))
        {
            var f = Fork(store);
            Assert.True(f.Chain.Chain.TryReorganize(f.Branch, finalizedHeight: 1).IsReorganized);
            head = f.Chain.Chain.Head;
            accounts = f.Chain.Chain.State.SnapshotAccounts();
            branch = f.Branch;
        }

        using (var store = SqliteBlockStore.Open(path))
        {
            var chain = new TestChain(users: 4, store: store, seed: Seed);
            Assert.Equal(head, chain.Chain.Head);
            Assert.Equal(accounts, chain.Chain.State.SnapshotAccounts());
            Assert.Equal(head.StateRoot, chain.Chain.StateRoot);
            AssertTxIndexHolds(store, branch);

            // The undo data survived too: the reopened chain can be reorganized again.
            Assert.Equal(branch[^1].Hash, store.RevertHead().Block.Hash);
        }
    }

    /// <summary>The canonical chain (blocks 1, 2a, 3a) on a store of <paramref name="kind"/> and the rival (1, 2b, 3b, 4b).</summary>
    private ForkSetup Fork(string kind, ulong undoDepth = BlockStoreOptions.DefaultUndoDepth)
    {
        var options = new BlockStoreOptions { UndoDepth = undoDepth };
        IBlockStore store = kind == "sqlite"
            ? SqliteBlockStore.Open(Path.Combine(_directory, $"chain-{_stores.Count}.db"), options)
            : new InMemoryBlockStore(options);
        _stores.Add(store);
        return Fork(store);
    }

    private static ForkSetup Fork(IBlockStore store)
    {
        var chain = new TestChain(users: 4, store: store, seed: Seed);
        var rival = new TestChain(users: 4, seed: Seed);
        var shared = chain.Commit(chain.RoundRobinTransfers(4));
        Assert.True(rival.Chain.TryAppend(shared).IsValid);

        var canonical = new List<Block>();
        for (var i = 0; i < 2; i++)
        {
            canonical.Add(chain.Commit(chain.RoundRobinTransfers(3)));
        }

        var branch = new List<Block>();
        for (var i = 0; i < 3; i++)
        {
            branch.Add(rival.Commit(rival.RoundRobinTransfers(5, amount: 7 + (ulong)i)));
        }

        return new ForkSetup(chain, rival, canonical, branch);
    }

    private static Block Resign(Block block, PrivateKey producer, Func<BlockHeader, BlockHeader> change) =>
        new(change(block.Header).SignWith(producer), block.Transactions);

    private static void AssertChainEquals(TestChain expected, TestChain actual)
    {
        Assert.Equal(expected.Chain.Head, actual.Chain.Head);
        Assert.Equal(expected.Chain.StateRoot, actual.Chain.StateRoot);
        Assert.Equal(expected.Chain.State.SnapshotAccounts(), actual.Chain.State.SnapshotAccounts());
        Assert.Equal(expected.Chain.State.SnapshotAccounts(), actual.Store.ReadAccounts().ToList());
        Assert.Equal(new StoredHead(expected.Chain.Head.Height, expected.Chain.Head.Hash), actual.Store.ReadHead());
        Assert.Null(actual.Store.GetBlock(expected.Chain.Head.Height + 1));
    }

    private static void AssertTxIndexHolds(IBlockStore store, IEnumerable<Block> blocks)
    {
        foreach (var block in blocks)
        {
            for (var i = 0; i < block.Transactions.Count; i++)
            {
                Assert.Equal(new TxLocation(block.Height, i), store.GetTxLocation(block.Transactions[i].Hash));
            }
        }
    }

    private sealed record ForkSetup(TestChain Chain, TestChain Rival, IReadOnlyList<Block> Canonical, IReadOnlyList<Block> Branch);

    /// <summary>Everything a reorganization could disturb, for "exactly as it was" checks.</summary>
    private sealed record ChainSnapshot(ChainHead Head, Hash256 Root, string MemoryAccounts, StoredHead? StoredHead, string StoredAccounts, string Blocks)
    {
        public static ChainSnapshot Of(TestChain t)
        {
            var blocks = new List<string>();
            for (var h = 0UL; h <= t.Chain.Head.Height + 2; h++)
            {
                blocks.Add(t.Store.GetBlock(h)?.Hash.ToString() ?? "-");
            }

            return new ChainSnapshot(
                t.Chain.Head,
                t.Chain.StateRoot,
                string.Join("|", t.Chain.State.SnapshotAccounts().Select(a => $"{a.Key}={a.Value}")),
                t.Store.ReadHead(),
                string.Join("|", t.Store.ReadAccounts().Select(a => $"{a.Key}={a.Value}")),
                string.Join("|", blocks));
        }
    }
}
