using EnergyChain.Core.Blocks;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using Microsoft.Data.Sqlite;

namespace EnergyChain.Core.Storage;

public sealed partial class SqliteBlockStore
{
    public RevertedBlock RevertHead()
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                // Any StoreException below leaves the using before Commit: the transaction rolls back.
                using var transaction = _writer.BeginTransaction(deferred: false);
                var (height, block) = ReadHeadBlock(transaction);
                var restored = ReadUndo(transaction, height);

                var applied = ReadAccounts(transaction, restored.Accounts);

                // The index goes back first: interrupted after this, the next open indexes the block again.
                _txIndex!.Remove(block);

                DeleteTxIndex(transaction, block);
                using (var command = Command(transaction, "DELETE FROM blocks WHERE height = $h"))
                {
                    command.Parameters.AddWithValue("$h", (long)height);
                    command.ExecuteNonQuery();
                }

                WriteAccounts(transaction, restored);
                using (var command = Command(transaction, "DELETE FROM undo WHERE height = $h; DELETE FROM finality WHERE height = $h"))
                {
                    command.Parameters.AddWithValue("$h", (long)height);
                    command.ExecuteNonQuery();
                }

                var head = new CanonicalWriter(8 + Hash256.Size);
                head.WriteU64(height - 1);
                head.WriteFixed(block.Header.ParentHash.ToArray());
                using (var command = Command(transaction, "INSERT OR REPLACE INTO meta (key, value) VALUES ('head', $v)"))
                {
                    command.Parameters.AddWithValue("$v", head.ToArray());
                    command.ExecuteNonQuery();
                }

                transaction.Commit();
                return new RevertedBlock(block, new StateChanges(applied), restored);
            }
            catch (SqliteException e)
            {
                throw new StoreException(StoreError.Unavailable, $"reverting the head block failed: {e.Message}", e);
            }
        }
    }

    private (ulong Height, Block Block) ReadHeadBlock(SqliteTransaction transaction)
    {
        using var command = Command(transaction, "SELECT height, data FROM blocks ORDER BY height DESC LIMIT 1");
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new StoreException(StoreError.GenesisNotRevertible, "the store is empty: there is no block to revert");
        }

        var height = (ulong)reader.GetInt64(0);
        if (height == 0)
        {
            throw new StoreException(StoreError.GenesisNotRevertible, "the head is the genesis block, which cannot be reverted");
        }

        try
        {
            return (height, Block.Decode(AsBlob(reader.GetValue(1), "block")));
        }
        catch (DecodeException e)
        {
            throw new StoreException(StoreError.Corrupted, $"the head block {height} cannot be decoded: {e.Message}", e);
        }
    }

    private StateChanges ReadUndo(SqliteTransaction transaction, ulong height)
    {
        using var command = Command(transaction, "SELECT data FROM undo WHERE height = $h");
        command.Parameters.AddWithValue("$h", (long)height);
        var value = command.ExecuteScalar()
            ?? throw new StoreException(StoreError.UndoDataMissing, $"block {height} has no undo data (only the last {UndoDepth} blocks keep it)");
        return UndoRecord.Decode(AsBlob(value, "undo record"), height);
    }

    private void DeleteTxIndex(SqliteTransaction transaction, Block block)
    {
        if (block.Transactions.Count == 0)
        {
            return;
        }

        // Only rows that still point at this block: the index is keyed by hash alone.
        using var command = Command(transaction, "DELETE FROM txs WHERE hash = $hash AND height = $h");
        var hash = command.Parameters.Add("$hash", SqliteType.Blob);
        command.Parameters.AddWithValue("$h", (long)block.Height);
        command.Prepare();
        foreach (var tx in block.Transactions)
        {
            hash.Value = tx.Hash.ToArray();
            command.ExecuteNonQuery();
        }
    }
}
