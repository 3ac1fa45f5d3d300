using EnergyChain.Core.Blocks;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using Microsoft.Data.Sqlite;

namespace EnergyChain.Core.Storage;

/// <summary>
/// The block store on SQLite in WAL mode. Each <see cref="CommitBlock"/> is one database transaction
/// holding the block, the account changes, the undo data and the head pointer (and
/// each <see cref="RevertHead"/> one transaction taking them back); with
/// synchronous=FULL a commit that returned survives a crash of the process or the machine, and one that
/// was interrupted leaves no trace. Writes go through one connection; reads open their own pooled
/// connections, which WAL lets run beside a commit. The transaction-hash index is derived data in a file of
/// its own, written behind the commits (<see cref="SqliteTxIndex"/>); lookups see a block's transactions as soon
/// as its commit returned.
/// </summary>
public sealed partial class SqliteBlockStore : IBlockStore
{
    // 2 added the undo and finality tables. A version 1 store is migrated on open by creating it: blocks committed before
    // have no undo data, so reverting them fails with UndoDataMissing, which is safe.
    private const int SchemaVersion = 2;
    private const int OldestMigratableSchema = 1;

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Lock _writeLock = new();
    private SqliteTxIndex? _txIndex;
    private bool _disposed;

    private SqliteBlockStore(string connectionString, SqliteConnection writer, BlockStoreOptions options)
    {
        _connectionString = connectionString;
        _writer = writer;
        UndoDepth = options.UndoDepth;
    }

    public ulong UndoDepth { get; }

    public string Path { get; private init; } = string.Empty;

    /// <summary>Opens (creating if needed, migrating an older schema) the database at <paramref name="path"/>.</summary>
    public static SqliteBlockStore Open(string path, BlockStoreOptions? options = null)
    {
        var connectionString = ConnectionString(path);

        SqliteConnection? writer = null;
        try
        {
            writer = new SqliteConnection(connectionString);
            writer.Open();
            EnableWal(writer, path);
            Execute(writer, "PRAGMA synchronous=FULL;");
            Execute(writer, "PRAGMA busy_timeout=30000;");
            Execute(writer, "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;");
            CreateOrMigrateSchema(writer);
            var store = new SqliteBlockStore(connectionString, writer, options ?? new BlockStoreOptions()) { Path = path };
            try
            {
                store._txIndex = SqliteTxIndex.Open(TxIndexPath(path), store.TopHeight(), store.HasLegacyTxIndex(), store.GetBlock);
            }
            catch
            {
                writer = null;
                store.Dispose();
                throw;
            }

            return store;
        }
        catch (SqliteException e)
        {
            Discard(writer);
            throw new StoreException(StoreError.Unavailable, $"cannot open the block store at {path}: {e.Message}", e);
        }
        catch
        {
            Discard(writer);
            throw;
        }
    }

    /// <summary>Pooled, created on demand; the timeout covers waiting for another writer.</summary>
    internal static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>
    /// Closes the connection of a failed <see cref="Open"/> for real. Disposing alone would park it in the
    /// pool, still bound to this file even if it is then deleted or replaced, and the next Open of the same
    /// path would be handed that stale connection (and fail again with "file is not a database").
    /// </summary>
    private static void Discard(SqliteConnection? writer)
    {
        if (writer is null)
        {
            return;
        }

        SqliteConnection.ClearPool(writer);
        writer.Dispose();
    }

    /// <summary>
    /// Turns on WAL and checks it took: SQLite answers with the journal mode it ended up in instead of
    /// failing, and the crash guarantees above rest on WAL.
    /// </summary>
    private static void EnableWal(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreException(StoreError.Unavailable, $"cannot open the block store at {path}: SQLite refused WAL mode (journal mode is {mode ?? "unknown"})");
        }
    }

    public StoredHead? ReadHead()
    {
        return Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM meta WHERE key = 'head'";
            var stored = command.ExecuteScalar();
            if (stored is null)
            {
                return (StoredHead?)null;
            }

            var value = AsBlob(stored, "head pointer");
            if (value.Length != 8 + Hash256.Size)
            {
                throw new StoreException(StoreError.Corrupted, "the head pointer is damaged");
            }

            var reader = new CanonicalReader(value);
            return new StoredHead(reader.ReadU64(), new Hash256(reader.ReadFixed(Hash256.Size, "head hash")));
        });
    }

    // Heights come from peers and the API: one beyond what SQLite's INTEGER holds is simply not stored.
    public Block? GetBlock(ulong height) =>
        height > long.MaxValue ? null : ReadBlock("SELECT data FROM blocks WHERE height = $key", (long)height);

    public Block? GetBlock(Hash256 hash) =>
        ReadBlock("SELECT data FROM blocks WHERE hash = $key", hash.ToArray());

    public byte[]? GetFinalityProof(ulong height)
    {
        if (height > long.MaxValue)
        {
            return null;
        }

        return Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT data FROM finality WHERE height = $h";
            command.Parameters.AddWithValue("$h", (long)height);
            return command.ExecuteScalar() as byte[];
        });
    }

    /// <summary>The transaction index's own database file, beside the block store's.</summary>
    public static string TxIndexPath(string path) => path + "-txindex";

    public TxLocation? GetTxLocation(Hash256 txHash)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            if (_txIndex!.Get(txHash) is { } location)
            {
                return location;
            }
        }
        catch (SqliteException e)
        {
            throw new StoreException(StoreError.Unavailable, $"transaction index read failed: {e.Message}", e);
        }

        // Stores written before the index had its own file kept their entries in the txs table.
        return Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT height, idx FROM txs WHERE hash = $hash";
            command.Parameters.AddWithValue("$hash", txHash.ToArray());
            using var reader = command.ExecuteReader();
            return reader.Read() ? new TxLocation((ulong)reader.GetInt64(0), reader.GetInt32(1)) : (TxLocation?)null;
        });
    }

    public Account? GetAccount(Address address)
    {
        return Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT data FROM accounts WHERE address = $address";
            command.Parameters.AddWithValue("$address", address.ToArray());
            var value = command.ExecuteScalar();
            return value is null ? (Account?)null : DecodeAccount(AsBlob(value, "account"));
        });
    }

    public IEnumerable<KeyValuePair<Address, Account>> ReadAccounts()
    {
        return Read(connection =>
        {
            var accounts = new List<KeyValuePair<Address, Account>>();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT address, data FROM accounts ORDER BY address";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var key = AsBlob(reader.GetValue(0), "account key");
                if (key.Length != Address.Size)
                {
                    throw new StoreException(StoreError.Corrupted, "an account key is damaged");
                }

                accounts.Add(new(new Address(key), DecodeAccount(AsBlob(reader.GetValue(1), "account"))));
            }

            return accounts;
        });
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _txIndex?.Dispose();
            _writer.Dispose();
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        }
    }

    private Block? ReadBlock(string sql, object key)
    {
        return Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$key", key);
            var value = command.ExecuteScalar();
            if (value is null)
            {
                return null;
            }

            var data = AsBlob(value, "block");

            try
            {
                return Block.Decode(data);
            }
            catch (DecodeException e)
            {
                throw new StoreException(StoreError.Corrupted, $"a stored block cannot be decoded: {e.Message}", e);
            }
        });
    }

    private T Read<T>(Func<SqliteConnection, T> query)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            return query(connection);
        }
        catch (SqliteException e)
        {
            throw new StoreException(StoreError.Unavailable, $"block store read failed: {e.Message}", e);
        }
    }

    /// <summary>A stored value that must be a BLOB; anything else was written by something other than this store.</summary>
    private static byte[] AsBlob(object value, string what) =>
        value as byte[] ?? throw new StoreException(StoreError.Corrupted, $"a stored {what} is not a BLOB but {value.GetType().Name}");

    private static Account DecodeAccount(byte[] data)
    {
        try
        {
            return Account.Decode(data);
        }
        catch (DecodeException e) when (e.Error == DecodeError.UnsupportedVersion)
        {
            // Accounts carry their own version; there is no migration (no deployed chains yet).
            throw new StoreException(StoreError.Corrupted, $"a stored account was written by another node version ({e.Message}); start from an empty data directory", e);
        }
        catch (DecodeException e)
        {
            throw new StoreException(StoreError.Corrupted, $"a stored account cannot be decoded: {e.Message}", e);
        }
    }

    /// <summary>
    /// Refuses a store of an unknown (newer) schema before touching it, then creates whatever tables are
    /// missing and records the current version, in one transaction so a crash cannot leave a half-migrated store.
    /// </summary>
    /// <summary>The highest stored block (what the transaction index must cover), read from the blocks themselves.</summary>
    private ulong? TopHeight() => Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(height) FROM blocks";
        return command.ExecuteScalar() is long height ? (ulong)height : (ulong?)null;
    });

    /// <summary>Whether the txs table holds entries, i.e. this store indexed its transactions before the index had a file of its own.</summary>
    private bool HasLegacyTxIndex() => Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM txs)";
        return command.ExecuteScalar() is long exists && exists != 0;
    });

    /// <summary>Writes out the transaction index's pending entries (tests; the index does it on its own).</summary>
    internal void FlushTxIndex() => _txIndex!.Flush();

    internal int PendingTxIndexEntries => _txIndex!.PendingCount;

    private static void CreateOrMigrateSchema(SqliteConnection connection)
    {
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT value FROM meta WHERE key = 'schema'";
            if (command.ExecuteScalar() is byte[] stored
                && (stored.Length != 1 || stored[0] < OldestMigratableSchema || stored[0] > SchemaVersion))
            {
                throw new StoreException(StoreError.Unavailable, $"the block store uses schema {string.Join(",", stored)}, this node knows {OldestMigratableSchema} to {SchemaVersion}");
            }
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                CREATE TABLE IF NOT EXISTS blocks (height INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE, data BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS txs (hash BLOB PRIMARY KEY, height INTEGER NOT NULL, idx INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS accounts (address BLOB PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS undo (height INTEGER PRIMARY KEY, data BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS finality (height INTEGER PRIMARY KEY, data BLOB NOT NULL);
                INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', $v);
                """;
            command.Parameters.AddWithValue("$v", new[] { (byte)SchemaVersion });
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
