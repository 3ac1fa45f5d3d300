using EnergyChain.Core.Blocks;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using LiteDB;

namespace EnergyChain.Core.Storage;

public sealed partial class LiteDbBlockStore
{
    public void CommitBlock(Block block, StateChanges changes, ReadOnlyMemory<byte> finalityProof = default)
    {
        // Everything that can fail without I/O happens before the transaction starts.
        var encoded = block.Encode();
        if (block.Height > long.MaxValue)
        {
            throw new StoreException(StoreError.NotNextBlock, $"block {block.Height} is beyond the heights this store holds");
        }

        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            InTransaction($"committing block {block.Height}", () =>
            {
                EnsureExtendsHead(block);
                _blocks.Insert(new BsonDocument { ["_id"] = (long)block.Height, ["hash"] = block.Hash.ToArray() });
                WriteBlob(BlockKind, block.Height, encoded);
                WriteTxIndex(block);
                WriteUndo(block.Height, changes);
                if (!finalityProof.IsEmpty)
                {
                    WriteBlob(FinalityKind, block.Height, finalityProof.ToArray());
                }

                WriteAccounts(changes);
                WriteHead(block.Height, block.Hash);
            });
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> in one LiteDB transaction: committed if it returns, rolled back if it throws.
    /// LiteDB ties the transaction to this thread, which is why nothing in <paramref name="write"/> may await.
    /// </summary>
    private void InTransaction(string what, Action write)
    {
        try
        {
            if (!_db.BeginTrans())
            {
                throw new InvalidOperationException("a LiteDB transaction is already open on this thread");
            }
        }
        catch (LiteException e)
        {
            throw new StoreException(StoreError.Unavailable, $"{what} failed: {e.Message}", e);
        }

        try
        {
            write();
            _db.Commit();
            FlushJournal();
        }
        catch (Exception e)
        {
            try
            {
                _db.Rollback();
            }
            catch (LiteException)
            {
                // The original failure is the one to report; the journal never confirmed this transaction.
            }

            if (e is LiteException or IOException)
            {
                throw new StoreException(StoreError.Unavailable, $"{what} failed: {e.Message}", e);
            }

            throw;
        }
    }

    /// <summary>
    /// LiteDB 5.0.21 writes a commit's pages to its journal (the <c>-log</c> file) before Commit returns, so a killed
    /// process loses nothing, but it never fsyncs the journal (strace: the only fsync is of the data file, at a
    /// checkpoint): a power cut could lose commits that had returned. fsync works on the file, not the descriptor,
    /// so syncing it through a descriptor of our own makes a returned commit durable, as SQLite's synchronous=FULL does.
    /// </summary>
    private void FlushJournal()
    {
        try
        {
            using var journal = new FileStream(_journalPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            journal.Flush(flushToDisk: true);
        }
        catch (FileNotFoundException)
        {
            // No journal: a checkpoint moved everything into the data file, and fsynced that.
        }
    }

    /// <summary>The block must be the next height and, above genesis, name the stored head as its parent.</summary>
    private void EnsureExtendsHead(Block block)
    {
        var head = ReadHeadCore();
        var expected = head is { } h ? h.Height + 1 : 0UL;
        if (block.Height != expected)
        {
            throw new StoreException(StoreError.NotNextBlock, $"block {block.Height} does not follow the stored head (next is {expected})");
        }

        if (head is { } stored && block.Header.ParentHash != stored.Hash)
        {
            throw new StoreException(StoreError.NotNextBlock, $"block {block.Height} names parent {block.Header.ParentHash}, not the stored head");
        }
    }

    private void WriteHead(ulong height, Hash256 hash)
    {
        var head = new CanonicalWriter(8 + Hash256.Size);
        head.WriteU64(height);
        head.WriteFixed(hash.ToArray());
        _meta.Upsert(new BsonDocument { ["_id"] = "head", ["v"] = head.ToArray() });
    }

    private void WriteTxIndex(Block block)
    {
        if (block.Transactions.Count == 0)
        {
            return;
        }

        // Upsert: a hash twice keeps the later location, as a lookup expects.
        var docs = new List<BsonDocument>(block.Transactions.Count);
        for (var i = 0; i < block.Transactions.Count; i++)
        {
            docs.Add(new BsonDocument { ["_id"] = block.Transactions[i].Hash.ToArray(), ["h"] = (long)block.Height, ["i"] = i });
        }

        _txs.Upsert(docs);
    }

    /// <summary>
    /// Records what the block overwrites (read before <see cref="WriteAccounts"/> in the same transaction) and
    /// prunes the undo data that falls out of <see cref="UndoDepth"/>.
    /// </summary>
    private void WriteUndo(ulong height, StateChanges changes)
    {
        // Genesis is never reverted, so its (large) initial state needs no undo record.
        if (height > 0 && UndoDepth > 0)
        {
            WriteBlob(UndoKind, height, UndoRecord.Encode(new StateChanges(ReadAccountsOf(changes.Accounts))));
        }

        if (height >= UndoDepth)
        {
            _chunks.DeleteMany(Query.Between("_id", ChunkKey(UndoKind, 0, 0), ChunkKey(UndoKind, height - UndoDepth, uint.MaxValue)));
        }
    }

    /// <summary>The stored accounts of the addresses of <paramref name="keys"/> (<see cref="Account.Empty"/> when absent), in the same order.</summary>
    private List<KeyValuePair<Address, Account>> ReadAccountsOf(IReadOnlyList<KeyValuePair<Address, Account>> keys)
    {
        var accounts = new List<KeyValuePair<Address, Account>>(keys.Count);
        foreach (var (address, _) in keys)
        {
            var doc = _accounts.FindById(new BsonValue(address.ToArray()));
            accounts.Add(new(address, doc is null ? Account.Empty : DecodeAccount(AsBinary(doc["d"], "account"))));
        }

        return accounts;
    }

    private void WriteAccounts(StateChanges changes)
    {
        var upserts = new List<BsonDocument>(changes.Accounts.Count);
        foreach (var (address, account) in changes.Accounts)
        {
            if (account.IsEmpty)
            {
                _accounts.Delete(new BsonValue(address.ToArray()));
            }
            else
            {
                upserts.Add(new BsonDocument { ["_id"] = address.ToArray(), ["d"] = account.Encode() });
            }
        }

        if (upserts.Count > 0)
        {
            _accounts.Upsert(upserts);
        }
    }

    private void WriteBlob(byte kind, ulong height, byte[] data)
    {
        var parts = Math.Max(1, (data.Length + ChunkBytes - 1) / ChunkBytes);
        for (var part = 0; part < parts; part++)
        {
            var offset = part * ChunkBytes;
            var doc = new BsonDocument
            {
                ["_id"] = ChunkKey(kind, height, (uint)part),
                ["d"] = data.AsSpan(offset, Math.Min(ChunkBytes, data.Length - offset)).ToArray(),
            };
            if (part == 0)
            {
                doc["n"] = parts;
            }

            _chunks.Upsert(doc);
        }
    }

    private void DeleteBlob(byte kind, ulong height) =>
        _chunks.DeleteMany(Query.Between("_id", ChunkKey(kind, height, 0), ChunkKey(kind, height, uint.MaxValue)));
}
