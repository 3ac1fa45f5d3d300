using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;

namespace EnergyChain.Core.Storage;

/// <summary>A store that keeps everything in memory, for tests and simulations. Same contract as SQLite.</summary>
public sealed class InMemoryBlockStore : IBlockStore
{
    private readonly Lock _lock = new();
    private readonly List<byte[]> _blocks = new();
    private readonly Dictionary<Hash256, ulong> _heightByHash = new();
    private readonly Dictionary<Hash256, TxLocation> _txs = new();
    private readonly SortedDictionary<Address, Account> _accounts = new();
    private readonly SortedDictionary<ulong, StateChanges> _undo = new();
    private readonly Dictionary<ulong, byte[]> _finality = [];
    private Hash256 _headHash;

    public InMemoryBlockStore(BlockStoreOptions? options = null)
    {
        UndoDepth = (options ?? new BlockStoreOptions()).UndoDepth;
    }

    public ulong UndoDepth { get; }

    public StoredHead? ReadHead()
    {
        lock (_lock)
        {
            if (_blocks.Count == 0)
            {
                return null;
            }

            return new StoredHead((ulong)(_blocks.Count - 1), _headHash);
        }
    }

    public void CommitBlock(Block block, StateChanges changes, ReadOnlyMemory<byte> finalityProof = default)
    {
        // Encode before taking the lock or touching anything, so a failure leaves the store as it was.
        var encoded = block.Encode();
        lock (_lock)
        {
            if (block.Height != (ulong)_blocks.Count)
            {
                throw new StoreException(StoreError.NotNextBlock, $"block {block.Height} does not follow the stored head {_blocks.Count - 1}");
            }

            if (_blocks.Count > 0 && block.Header.ParentHash != _headHash)
            {
                throw new StoreException(StoreError.NotNextBlock, $"block {block.Height} names parent {block.Header.ParentHash}, not the stored head");
            }

            RecordUndo(block.Height, changes);
            if (!finalityProof.IsEmpty)
            {
                _finality[block.Height] = finalityProof.ToArray();
            }

            _blocks.Add(encoded);
            _headHash = block.Hash;
            _heightByHash[block.Hash] = block.Height;
            for (var i = 0; i < block.Transactions.Count; i++)
            {
                _txs[block.Transactions[i].Hash] = new TxLocation(block.Height, i);
            }

            WriteAccounts(changes);
        }
    }

    public byte[]? GetFinalityProof(ulong height)
    {
        lock (_lock)
        {
            return _finality.TryGetValue(height, out var proof) ? proof.ToArray() : null;
        }
    }

    public RevertedBlock RevertHead()
    {
        lock (_lock)
        {
            if (_blocks.Count <= 1)
            {
                throw new StoreException(StoreError.GenesisNotRevertible, _blocks.Count == 0 ? "the store is empty: there is no block to revert" : "the head is the genesis block, which cannot be reverted");
            }

            var height = (ulong)(_blocks.Count - 1);
            if (!_undo.TryGetValue(height, out var restored))
            {
                throw new StoreException(StoreError.UndoDataMissing, $"block {height} has no undo data (only the last {UndoDepth} blocks keep it)");
            }

            var block = Block.Decode(_blocks[^1]);
            var changes = new StateChanges(restored.Accounts.Select(a => KeyValuePair.Create(a.Key, _accounts.GetValueOrDefault(a.Key))).ToList());

            _blocks.RemoveAt(_blocks.Count - 1);
            _heightByHash.Remove(block.Hash);
            foreach (var tx in block.Transactions)
            {
                if (_txs.TryGetValue(tx.Hash, out var location) && location.Height == height)
                {
                    _txs.Remove(tx.Hash);
                }
            }

            WriteAccounts(restored);
            _undo.Remove(height);
            _finality.Remove(height);
            _headHash = block.Header.ParentHash;
            return new RevertedBlock(block, changes, restored);
        }
    }

    public Block? GetBlock(ulong height)
    {
        lock (_lock)
        {
            return height < (ulong)_blocks.Count ? Block.Decode(_blocks[(int)height]) : null;
        }
    }

    public Block? GetBlock(Hash256 hash)
    {
        lock (_lock)
        {
            return _heightByHash.TryGetValue(hash, out var height) ? Block.Decode(_blocks[(int)height]) : null;
        }
    }

    public TxLocation? GetTxLocation(Hash256 txHash)
    {
        lock (_lock)
        {
            return _txs.TryGetValue(txHash, out var location) ? location : null;
        }
    }

    public Account? GetAccount(Address address)
    {
        lock (_lock)
        {
            return _accounts.TryGetValue(address, out var account) ? account : null;
        }
    }

    public IEnumerable<KeyValuePair<Address, Account>> ReadAccounts()
    {
        lock (_lock)
        {
            return _accounts.ToList();
        }
    }

    public void Dispose()
    {
    }

    /// <summary>Keeps what the block overwrites and forgets the undo data that just fell out of the depth.</summary>
    private void RecordUndo(ulong height, StateChanges changes)
    {
        // Genesis is never reverted, so its (large) initial state needs no undo record.
        if (height > 0 && UndoDepth > 0)
        {
            _undo[height] = new StateChanges(changes.Accounts.Select(a => KeyValuePair.Create(a.Key, _accounts.GetValueOrDefault(a.Key))).ToList());
        }

        while (_undo.Count > 0 && height - _undo.First().Key >= UndoDepth)
        {
            _undo.Remove(_undo.First().Key);
        }
    }

    private void WriteAccounts(StateChanges changes)
    {
        foreach (var (address, account) in changes.Accounts)
        {
            if (account.IsEmpty)
            {
                _accounts.Remove(address);
            }
            else
            {
                _accounts[address] = account;
            }
        }
    }
}
