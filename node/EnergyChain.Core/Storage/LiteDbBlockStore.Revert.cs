using EnergyChain.Core.State;
using LiteDB;

namespace EnergyChain.Core.Storage;

public sealed partial class LiteDbBlockStore
{
    public RevertedBlock RevertHead()
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            RevertedBlock? reverted = null;

            // Any StoreException below leaves the transaction before its commit: it rolls back.
            InTransaction("reverting the head block", () =>
            {
                var head = ReadHeadCore() ?? throw new StoreException(StoreError.GenesisNotRevertible, "the store is empty: there is no block to revert");
                if (head.Height == 0)
                {
                    throw new StoreException(StoreError.GenesisNotRevertible, "the head is the genesis block, which cannot be reverted");
                }

                var height = head.Height;
                var block = ReadBlock(height) ?? throw new StoreException(StoreError.Corrupted, $"the head block {height} is missing");
                var undo = ReadBlob(UndoKind, height)
                    ?? throw new StoreException(StoreError.UndoDataMissing, $"block {height} has no undo data (only the last {UndoDepth} blocks keep it)");
                var restored = UndoRecord.Decode(undo, height);
                var applied = ReadAccountsOf(restored.Accounts);

                foreach (var tx in block.Transactions)
                {
                    // Only entries that still point at this block: the index is keyed by hash alone.
                    var key = new BsonValue(tx.Hash.ToArray());
                    if (_txs.FindById(key) is { } entry && entry["h"] == (long)height)
                    {
                        _txs.Delete(key);
                    }
                }

                _blocks.Delete(new BsonValue((long)height));
                DeleteBlob(BlockKind, height);
                DeleteBlob(UndoKind, height);
                DeleteBlob(FinalityKind, height);
                WriteAccounts(restored);
                WriteHead(height - 1, block.Header.ParentHash);
                reverted = new RevertedBlock(block, new StateChanges(applied), restored);
            });

            return reverted!;
        }
    }
}
