using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using Microsoft.Data.Sqlite;

namespace EnergyChain.Core.Storage;

/// <summary>
/// The transaction-hash index of a <see cref="SqliteBlockStore"/>, kept in a database file of its own and written
/// behind the block commits by a background thread. Transaction hashes are random, so indexing a block touches a
/// page of the index B-tree per transaction: done inside the block's commit it was the largest part of the commit,
/// on the consensus critical path. Here the commit only hands the block's hashes over; lookups see them at once
/// (from memory until they are written), and the writer indexes many blocks per transaction in key order, each
/// page written once for all of them. Its own file means its own SQLite write lock, so it never holds up a commit.
/// <para>
/// The index is derived data: it records the next height it still lacks, in the same transaction as its rows, and
/// on open whatever the blocks table holds beyond that is indexed again. A revert takes the index back first.
/// </para>
/// </summary>
internal sealed class SqliteTxIndex : IDisposable
{
    private const int MaxRowsPerTransaction = 50_000;

    // The writer waits this long after a commit for more blocks, unless this many rows are already pending: a
    // batch of several blocks dirties each B-tree page once instead of once per block (random keys put almost every
    // row on a page of its own), which halved the writer's share of a loaded node's CPU. Lookups are answered from
    // memory meanwhile, so the wait is invisible to readers.
    private static readonly TimeSpan CoalesceDelay = TimeSpan.FromMilliseconds(500);
    private const int EagerRows = 20_000;

    // SQLite's default page cache (2 MiB) holds only part of a busy index, so inserts read pages back from the file.
    private const int CacheKibibytes = 32 * 1024;

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Lock _pendingLock = new();
    private readonly Dictionary<Hash256, TxLocation> _pending = new();
    private readonly SortedDictionary<ulong, Hash256[]> _pendingBlocks = new();
    private readonly Lock _writeLock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly ManualResetEventSlim _stopRequested = new(false);
    private readonly Thread _thread;
    private volatile bool _stopping;
    private Exception? _failure;

    private SqliteTxIndex(string connectionString, SqliteConnection writer)
    {
        _connectionString = connectionString;
        _writer = writer;
        _thread = new Thread(WriteLoop) { IsBackground = true, Name = "tx index writer" };
    }

    /// <summary>Transactions handed over but not written yet (for tests and diagnostics).</summary>
    internal int PendingCount
    {
        get
        {
            lock (_pendingLock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// Opens (creating if needed) the index at <paramref name="path"/> for a block store whose highest block is
    /// <paramref name="top"/> (null when it holds none). <paramref name="legacyComplete"/> says the block store's own transaction table
    /// already covers every stored block (a store from before this index), so indexing starts after the head.
    /// </summary>
    public static SqliteTxIndex Open(string path, ulong? top, bool legacyComplete, Func<ulong, Block?> blockAt)
    {
        var connectionString = SqliteBlockStore.ConnectionString(path);
        var writer = new SqliteConnection(connectionString);
        try
        {
            writer.Open();
            Execute(writer, "PRAGMA journal_mode=WAL;");

            // Derived data, rebuilt from the blocks after a crash: no fsync per batch is needed.
            Execute(writer, "PRAGMA synchronous=NORMAL;");
            Execute(writer, $"PRAGMA cache_size=-{CacheKibibytes};");
            Execute(writer, """
                CREATE TABLE IF NOT EXISTS txs (hash BLOB PRIMARY KEY, height INTEGER NOT NULL, idx INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                """);
            var index = new SqliteTxIndex(connectionString, writer);
            index.Recover(top, legacyComplete, blockAt);
            index._thread.Start();
            if (index.PendingCount > 0)
            {
                index._signal.Release(); // what recovery found goes to the file without waiting for the next commit
            }

            return index;
        }
        catch (Exception e)
        {
            SqliteConnection.ClearPool(writer);
            writer.Dispose();
            if (e is SqliteException sqlite)
            {
                throw new StoreException(StoreError.Unavailable, $"cannot open the transaction index at {path}: {sqlite.Message}", sqlite);
            }

            throw;
        }
    }

    /// <summary>
    /// Hands over the hashes of a block the store is about to commit: before the commit, so that a reader who sees
    /// the new head finds its transactions too. The store calls <see cref="Remove"/> if the commit then fails.
    /// </summary>
    public void Stage(Block block)
    {
        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw new StoreException(StoreError.Unavailable, $"the transaction index failed: {failure.Message}", failure);
        }

        AddPending(block);
    }

    /// <summary>Wakes the writer after a commit.</summary>
    public void Publish() => _signal.Release();

    public TxLocation? Get(Hash256 hash)
    {
        lock (_pendingLock)
        {
            if (_pending.TryGetValue(hash, out var pending))
            {
                return pending;
            }
        }

        // A row written meanwhile is already in the table: the writer commits before it forgets the pending entry.
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT height, idx FROM txs WHERE hash = $hash";
        command.Parameters.AddWithValue("$hash", hash.ToArray());
        using var reader = command.ExecuteReader();
        return reader.Read() ? new TxLocation((ulong)reader.GetInt64(0), reader.GetInt32(1)) : null;
    }

    /// <summary>Forgets <paramref name="block"/>: the store's head about to be reverted, or a block whose commit failed.</summary>
    public void Remove(Block block)
    {
        lock (_writeLock)
        {
            lock (_pendingLock)
            {
                if (_pendingBlocks.Remove(block.Height, out var hashes))
                {
                    ForgetPending(block.Height, hashes);
                    return;
                }
            }

            TruncateFrom(block.Height); // already written
        }
    }

    /// <summary>Writes everything handed over so far (the writer thread does this on its own; tests call it).</summary>
    public void Flush()
    {
        while (WriteBatch())
        {
        }
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _stopRequested.Set();
        _signal.Release();
        _thread.Join();
        try
        {
            Flush();
        }
        catch (Exception e) when (e is SqliteException or IOException || Volatile.Read(ref _failure) is not null)
        {
            // What is left is indexed again from the blocks on the next open; closing the store must not fail on it.
        }

        _writer.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        _signal.Dispose();
        _stopRequested.Dispose();
    }

    private void Recover(ulong? top, bool legacyComplete, Func<ulong, Block?> blockAt)
    {
        var next = ReadNext();
        if (next is null && legacyComplete && top is { } covered)
        {
            next = covered + 1;
            WriteNext(covered + 1);
        }

        var from = next ?? 0;

        // A revert interrupted between the index and the blocks, or blocks lost with an older index: drop rows above
        // the head so they cannot point into blocks that are no longer there.
        if (top is null || from > top + 1)
        {
            from = top is null ? 0 : top.Value + 1;
            TruncateFrom(from);
        }

        for (var height = from; top is not null && height <= top; height++)
        {
            AddPending(blockAt(height) ?? throw new StoreException(StoreError.Corrupted, $"block {height} is missing below the head {top}"));
        }
    }

    private void AddPending(Block block)
    {
        var hashes = new Hash256[block.Transactions.Count];
        lock (_pendingLock)
        {
            for (var i = 0; i < hashes.Length; i++)
            {
                hashes[i] = block.Transactions[i].Hash;
                _pending[hashes[i]] = new TxLocation(block.Height, i);
            }

            _pendingBlocks[block.Height] = hashes;
        }
    }

    /// <summary>Drops the pending entries of the block at <paramref name="height"/> (callers hold the pending lock).</summary>
    private void ForgetPending(ulong height, Hash256[] hashes)
    {
        foreach (var hash in hashes)
        {
            // A later block may have claimed the same hash; its entry stays.
            if (_pending.TryGetValue(hash, out var location) && location.Height == height)
            {
                _pending.Remove(hash);
            }
        }
    }

    private void WriteLoop()
    {
        while (!_stopping)
        {
            _signal.Wait();
            if (!_stopping && PendingCount < EagerRows)
            {
                _stopRequested.Wait(CoalesceDelay);
            }

            while (_signal.Wait(0))
            {
                // The commits that arrived during the wait are written by this round.
            }

            try
            {
                while (!_stopping && WriteBatch())
                {
                }
            }
            catch (Exception e)
            {
                // Lookups keep answering from memory; the next commit reports the failure.
                Volatile.Write(ref _failure, e);
                return;
            }
        }
    }

    /// <summary>Writes the lowest pending blocks (up to a batch) in one transaction; false when nothing was pending.</summary>
    private bool WriteBatch()
    {
        lock (_writeLock)
        {
            var rows = new List<(Hash256 Hash, ulong Height, int Index)>();
            var heights = new List<ulong>();
            lock (_pendingLock)
            {
                foreach (var (height, hashes) in _pendingBlocks)
                {
                    if (rows.Count > 0 && rows.Count + hashes.Length > MaxRowsPerTransaction)
                    {
                        break;
                    }

                    heights.Add(height);
                    for (var i = 0; i < hashes.Length; i++)
                    {
                        rows.Add((hashes[i], height, i));
                    }
                }
            }

            if (heights.Count == 0)
            {
                return false;
            }

            // Key order: consecutive inserts share B-tree pages. A hash twice keeps the later one, as a lookup expects.
            rows.Sort(static (x, y) => x.Hash != y.Hash ? x.Hash.CompareTo(y.Hash) : (x.Height, x.Index).CompareTo((y.Height, y.Index)));
            using (var transaction = _writer.BeginTransaction(deferred: false))
            {
                using var insert = _writer.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT OR REPLACE INTO txs (hash, height, idx) VALUES ($hash, $h, $i)";
                var hash = insert.Parameters.Add("$hash", SqliteType.Blob);
                var heightParameter = insert.Parameters.Add("$h", SqliteType.Integer);
                var index = insert.Parameters.Add("$i", SqliteType.Integer);
                insert.Prepare();
                foreach (var row in rows)
                {
                    hash.Value = row.Hash.ToArray();
                    heightParameter.Value = (long)row.Height;
                    index.Value = row.Index;
                    insert.ExecuteNonQuery();
                }

                WriteNext(heights[^1] + 1, transaction);
                transaction.Commit();
            }

            lock (_pendingLock)
            {
                foreach (var height in heights)
                {
                    if (_pendingBlocks.Remove(height, out var hashes))
                    {
                        ForgetPending(height, hashes);
                    }
                }
            }

            return true;
        }
    }

    private ulong? ReadNext()
    {
        using var command = _writer.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = 'next'";
        return command.ExecuteScalar() is long next ? (ulong)next : null;
    }

    private void WriteNext(ulong next, SqliteTransaction? transaction = null)
    {
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO meta (key, value) VALUES ('next', $h)";
        command.Parameters.AddWithValue("$h", (long)next);
        command.ExecuteNonQuery();
    }

    /// <summary>Deletes the rows from <paramref name="height"/> up and makes it the next height to index, in one transaction.</summary>
    private void TruncateFrom(ulong height)
    {
        using var transaction = _writer.BeginTransaction(deferred: false);
        using (var command = _writer.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM txs WHERE height >= $h";
            command.Parameters.AddWithValue("$h", (long)height);
            command.ExecuteNonQuery();
        }

        WriteNext(height, transaction);
        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
