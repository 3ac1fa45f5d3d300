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
    private Hash256 _headHash;

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

    public void CommitBlock(Block block, StateChanges changes)
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

            _blocks.Add(encoded);
            _headHash = block.Hash;
            _heightByHash[block.Hash] = block.Height;
            for (var i = 0; i < block.Transactions.Count; i++)
            {
                _txs[block.Transactions[i].Hash] = new TxLocation(block.Height, i);
            }

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
}
