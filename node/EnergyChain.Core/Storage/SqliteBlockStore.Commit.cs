using EnergyChain.Core.Blocks;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using Microsoft.Data.Sqlite;

namespace EnergyChain.Core.Storage;

public sealed partial class SqliteBlockStore
{
    public void CommitBlock(Block block, StateChanges changes, ReadOnlyMemory<byte> finalityProof = default)
    {
        // Everything that can fail without I/O happens before the transaction starts.
        var encoded = block.Encode();
        var head = new CanonicalWriter(8 + Hash256.Size);
        head.WriteU64(block.Height);
        head.WriteFixed(block.Hash.ToArray());

        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                using var transaction = _writer.BeginTransaction(deferred: false);
                EnsureExtendsHead(transaction, block);
                InsertBlock(transaction, block, encoded);
                WriteUndo(transaction, block.Height, changes);
                if (!finalityProof.IsEmpty)
                {
                    using var command = Command(transaction, "INSERT INTO finality (height, data) VALUES ($h, $data)");
                    command.Parameters.AddWithValue("$h", (long)block.Height);
                    command.Parameters.AddWithValue("$data", finalityProof.ToArray());
                    command.ExecuteNonQuery();
                }

                WriteAccounts(transaction, changes);
                using (var command = Command(transaction, "INSERT OR REPLACE INTO meta (key, value) VALUES ('head', $v)"))
                {
                    command.Parameters.AddWithValue("$v", head.ToArray());
                    command.ExecuteNonQuery();
                }

                _txIndex!.Stage(block);
                try
                {
                    transaction.Commit();
                }
                catch
                {
                    _txIndex.Remove(block);
                    throw;
                }

                _txIndex.Publish();
            }
            catch (SqliteException e)
            {
                // The transaction rolled back on dispose: the store is still at the previous head.
                throw new StoreException(StoreError.Unavailable, $"committing block {block.Height} failed: {e.Message}", e);
            }
        }
    }

    /// <summary>The block must be the next height and, above genesis, name the stored head as its parent.</summary>
    private void EnsureExtendsHead(SqliteTransaction transaction, Block block)
    {
        using var command = Command(transaction, "SELECT height, hash FROM blocks ORDER BY height DESC LIMIT 1");
        using var reader = command.ExecuteReader();
        var expected = reader.Read() ? (ulong)reader.GetInt64(0) + 1 : 0UL;
        if (block.Height != expected)
        {
            throw new StoreException(StoreError.NotNextBlock, $"block {block.Height} does not follow the stored head (next is {expected})");
        }

        if (expected > 0 && reader.GetValue(1) is byte[] headHash && !block.Header.ParentHash.ToArray().AsSpan().SequenceEqual(headHash))
        {
            throw new StoreException(StoreError.NotNextBlock, $"block {block.Height} names parent {block.Header.ParentHash}, not the stored head");
        }
    }

    private void InsertBlock(SqliteTransaction transaction, Block block, byte[] encoded)
    {
        using var command = Command(transaction, "INSERT INTO blocks (height, hash, data) VALUES ($h, $hash, $data)");
        command.Parameters.AddWithValue("$h", (long)block.Height);
        command.Parameters.AddWithValue("$hash", block.Hash.ToArray());
        command.Parameters.AddWithValue("$data", encoded);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Records what the block overwrites (read before <see cref="WriteAccounts"/> in the same transaction) and
    /// prunes the undo data that falls out of <see cref="UndoDepth"/>.
    /// </summary>
    private void WriteUndo(SqliteTransaction transaction, ulong height, StateChanges changes)
    {
        // Genesis is never reverted, so its (large) initial state needs no undo record.
        if (height > 0 && UndoDepth > 0)
        {
            var before = ReadAccounts(transaction, changes.Accounts);
            using var insert = Command(transaction, "INSERT OR REPLACE INTO undo (height, data) VALUES ($h, $d)");
            insert.Parameters.AddWithValue("$h", (long)height);
            insert.Parameters.AddWithValue("$d", UndoRecord.Encode(new StateChanges(before)));
            insert.ExecuteNonQuery();
        }

        if (height >= UndoDepth)
        {
            using var prune = Command(transaction, "DELETE FROM undo WHERE height <= $cut");
            prune.Parameters.AddWithValue("$cut", (long)(height - UndoDepth));
            prune.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// The stored accounts of the addresses of <paramref name="keys"/> as the transaction sees them (uncommitted
    /// writes included; <see cref="Account.Empty"/> when absent), in the same order. One prepared statement rebound
    /// per address, instead of a fresh command that parses the SQL again for each of a block's (often 1,000) accounts.
    /// </summary>
    private List<KeyValuePair<Address, Account>> ReadAccounts(SqliteTransaction transaction, IReadOnlyList<KeyValuePair<Address, Account>> keys)
    {
        var accounts = new List<KeyValuePair<Address, Account>>(keys.Count);
        using var command = Command(transaction, "SELECT data FROM accounts WHERE address = $a");
        var parameter = command.Parameters.Add("$a", SqliteType.Blob);
        command.Prepare();
        foreach (var (address, _) in keys)
        {
            parameter.Value = address.ToArray();
            var value = command.ExecuteScalar();
            accounts.Add(new(address, value is null ? Account.Empty : DecodeAccount(AsBlob(value, "account"))));
        }

        return accounts;
    }

    private void WriteAccounts(SqliteTransaction transaction, StateChanges changes)
    {
        if (changes.Accounts.Count == 0)
        {
            return;
        }

        using var upsert = Command(transaction, "INSERT OR REPLACE INTO accounts (address, data) VALUES ($a, $d)");
        var upsertAddress = upsert.Parameters.Add("$a", SqliteType.Blob);
        var upsertData = upsert.Parameters.Add("$d", SqliteType.Blob);
        upsert.Prepare();
        using var delete = Command(transaction, "DELETE FROM accounts WHERE address = $a");
        var deleteAddress = delete.Parameters.Add("$a", SqliteType.Blob);
        delete.Prepare();
        foreach (var (address, account) in changes.Accounts)
        {
            if (account.IsEmpty)
            {
                deleteAddress.Value = address.ToArray();
                delete.ExecuteNonQuery();
            }
            else
            {
                upsertAddress.Value = address.ToArray();
                upsertData.Value = account.Encode();
                upsert.ExecuteNonQuery();
            }
        }
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
