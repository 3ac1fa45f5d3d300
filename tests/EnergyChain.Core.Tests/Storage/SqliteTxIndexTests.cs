using EnergyChain.Core.Blocks;
using EnergyChain.Core.Storage;
using EnergyChain.Harness;
using Microsoft.Data.Sqlite;

namespace EnergyChain.Core.Tests.Storage;

/// <summary>The transaction index a <see cref="SqliteBlockStore"/> writes behind its commits, in a file of its own.</summary>
public sealed class SqliteTxIndexTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("energychain-txindex-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_commit_is_found_at_once_after_it_is_written_and_after_a_reopen()
    {
        var path = Path.Combine(_directory, "chain.db");
        List<Block> blocks;
        using (var store = SqliteBlockStore.Open(path))
        {
            blocks = CommitBlocks(store, "txindex/found", 3);
            AssertAllFound(store, blocks); // from memory or already from the file: the writer runs on its own

            store.FlushTxIndex();
            Assert.Equal(0, store.PendingTxIndexEntries);
            AssertAllFound(store, blocks);
        }

        Assert.True(File.Exists(SqliteBlockStore.TxIndexPath(path)));
        using (var reopened = SqliteBlockStore.Open(path))
        {
            // Everything was written before the store closed: nothing to index again.
            Assert.Equal(0, reopened.PendingTxIndexEntries);
            AssertAllFound(reopened, blocks);
        }
    }

    [Fact]
    public void A_lost_index_file_is_rebuilt_from_the_blocks()
    {
        var path = Path.Combine(_directory, "chain.db");
        List<Block> blocks;
        using (var store = SqliteBlockStore.Open(path))
        {
            blocks = CommitBlocks(store, "txindex/lost", 3);
        }

        SqliteConnection.ClearAllPools();
        DeleteIndexFiles(path);

        using var reopened = SqliteBlockStore.Open(path);
        AssertAllFound(reopened, blocks);
        reopened.FlushTxIndex();
        AssertAllFound(reopened, blocks);
    }

    [Fact]
    public void Rebuilding_the_index_from_a_damaged_block_reports_the_store_corrupted()
    {
        var path = Path.Combine(_directory, "chain.db");
        using (var store = SqliteBlockStore.Open(path))
        {
            CommitBlocks(store, "txindex/damaged", 3);
        }

        SqliteConnection.ClearAllPools();
        DeleteIndexFiles(path);
        Assert.Equal(1, ExecuteRaw(path, "UPDATE blocks SET data = substr(data, 1, length(data) - 1) WHERE height = 2"));

        var e = Assert.Throws<StoreException>(() => SqliteBlockStore.Open(path).Dispose());
        Assert.Equal(StoreError.Corrupted, e.Error);
    }

    [Fact]
    public void A_store_from_before_the_index_file_answers_from_its_own_table_and_indexes_new_blocks_in_the_file()
    {
        var path = Path.Combine(_directory, "chain.db");
        List<Block> blocks;
        using (var store = SqliteBlockStore.Open(path))
        {
            blocks = CommitBlocks(store, "txindex/legacy", 2);
        }

        // Make it look like an old store: its entries in the block database's txs table, no index file.
        ExecuteRaw(path, $"ATTACH DATABASE '{SqliteBlockStore.TxIndexPath(path)}' AS idx; INSERT INTO txs SELECT hash, height, idx FROM idx.txs; DETACH DATABASE idx;");

        SqliteConnection.ClearAllPools();
        DeleteIndexFiles(path);

        using var reopened = SqliteBlockStore.Open(path);
        Assert.Equal(0, reopened.PendingTxIndexEntries); // nothing decoded again: the old table covers the old blocks
        AssertAllFound(reopened, blocks);

        var chain = new TestChain(users: 4, store: reopened, seed: "txindex/legacy");
        var next = chain.Commit(chain.RoundRobinTransfers(8));
        reopened.FlushTxIndex();
        AssertAllFound(reopened, [.. blocks, next]);
    }

    [Fact]
    public void A_reverted_block_is_no_longer_found_whether_or_not_its_entries_were_written()
    {
        var path = Path.Combine(_directory, "chain.db");
        using (var store = SqliteBlockStore.Open(path))
        {
            var blocks = CommitBlocks(store, "txindex/revert", 3);
            store.FlushTxIndex();
            store.RevertHead(); // written entries
            var chain = new TestChain(users: 4, store: store, seed: "txindex/revert");
            var replacement = chain.Commit(chain.RoundRobinTransfers(3, amount: 2));
            store.RevertHead(); // pending entries

            foreach (var reverted in new[] { blocks[^1], replacement })
            {
                Assert.All(reverted.Transactions, tx => Assert.Null(store.GetTxLocation(tx.Hash)));
            }

            AssertAllFound(store, blocks[..^1]);
        }

        using var reopened = SqliteBlockStore.Open(path);
        Assert.Equal(0, reopened.PendingTxIndexEntries);
    }

    private static List<Block> CommitBlocks(SqliteBlockStore store, string seed, int count)
    {
        var chain = new TestChain(users: 4, store: store, seed: seed);
        var blocks = new List<Block>();
        for (var i = 0; i < count; i++)
        {
            blocks.Add(chain.Commit(chain.RoundRobinTransfers(6)));
        }

        return blocks;
    }

    private static void AssertAllFound(SqliteBlockStore store, IEnumerable<Block> blocks)
    {
        foreach (var block in blocks)
        {
            for (var i = 0; i < block.Transactions.Count; i++)
            {
                Assert.Equal(new TxLocation(block.Height, i), store.GetTxLocation(block.Transactions[i].Hash));
            }
        }
    }

    private static int ExecuteRaw(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private static void DeleteIndexFiles(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(SqliteBlockStore.TxIndexPath(path) + suffix);
        }
    }
}
