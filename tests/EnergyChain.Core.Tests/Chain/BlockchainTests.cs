using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.State;
using EnergyChain.Core.Storage;
using EnergyChain.Harness;

namespace EnergyChain.Core.Tests.Chain;

public sealed class BlockchainTests
{
    [Fact]
    public void Opening_an_empty_store_commits_genesis_with_the_initial_state()
    {
        var t = new TestChain(users: 3);
        Assert.Equal(0UL, t.Chain.Head.Height);
        var genesis = t.Store.GetBlock(0)!;
        Assert.Equal(t.Genesis.Hash, genesis.Header.ParentHash);
        Assert.Equal(genesis.Header.StateRoot, t.Chain.StateRoot);
        Assert.Equal(TestChain.InitialBalance, t.Chain.GetAccount(t.Users[2].Address).Balance);
    }

    [Fact]
    public void Committed_event_fires_once_per_block_after_the_state_moved()
    {
        var t = new TestChain(users: 2);
        var seen = new List<(ulong Height, bool StateMoved)>();
        t.Chain.BlockCommitted += (block, result) => seen.Add((block.Height, t.Chain.StateRoot == result.StateRoot && t.Chain.Head.Hash == block.Hash));

        t.Commit(t.RoundRobinTransfers(3));
        var next = t.Build(t.RoundRobinTransfers(1));
        var refused = t.Chain.TryAppend(new Block(next.Header with { Height = 9 }, next.Transactions));

        Assert.False(refused.IsValid);
        Assert.Equal([(1UL, true)], seen);
    }

    [Fact]
    public void A_failing_store_commit_leaves_memory_at_the_old_head()
    {
        var t = new TestChain(users: 2);
        var block = t.Build(t.RoundRobinTransfers(2));
        t.Store.CommitBlock(block, StateChanges.Empty); // another writer took height 1: the chain's commit fails
        var rootBefore = t.Chain.StateRoot;

        Assert.Throws<StoreException>(() => t.Chain.TryAppend(block));
        Assert.Equal(0UL, t.Chain.Head.Height);
        Assert.Equal(rootBefore, t.Chain.StateRoot);
    }

    [Fact]
    public void Reopening_an_in_memory_store_resumes_at_the_head()
    {
        var t = new TestChain(users: 2);
        t.Commit(t.RoundRobinTransfers(4));
        var reopened = Blockchain.Open(t.Store, t.Genesis, t.Signatures);
        Assert.Equal(t.Chain.Head, reopened.Head);
        Assert.Equal(t.Chain.StateRoot, reopened.StateRoot);
    }

    [Fact]
    public async Task A_head_state_snapshot_pairs_the_head_with_its_own_accounts_while_blocks_commit()
    {
        var t = new TestChain(users: 4, seed: "snapshot");
        var committer = Task.Run(() =>
        {
            for (var i = 0; i < 40; i++)
            {
                t.Commit(t.RoundRobinTransfers(8));
            }
        });

        // Each block moves money, so accounts from another block than the head's hash to another root.
        do
        {
            var (head, accounts) = t.Chain.SnapshotHeadState();
            Assert.Equal(head.StateRoot, LedgerState.FromAccounts(accounts).Root);
        }
        while (!committer.IsCompleted);

        await committer;
        var (last, lastAccounts) = t.Chain.SnapshotHeadState();
        Assert.Equal(40UL, last.Height);
        Assert.Equal(t.Chain.State.SnapshotAccounts(), lastAccounts);
    }
}
