using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;

namespace EnergyChain.Core.Storage;

/// <summary>Where a committed transaction lives.</summary>
public readonly record struct TxLocation(ulong Height, int Index);

/// <summary>The committed tip as the store records it.</summary>
public readonly record struct StoredHead(ulong Height, Hash256 Hash);

/// <summary>
/// The block store. <see cref="CommitBlock"/> is atomic: the block, its transaction index, the account
/// changes and the head pointer are all written or none is, so a crash at any point reopens at the last
/// fully committed block. Reads may run concurrently with a commit.
/// </summary>
public interface IBlockStore : IDisposable
{
    /// <summary>The last committed block, or null for an empty store.</summary>
    StoredHead? ReadHead();

    /// <summary>Commits <paramref name="block"/> as the new head (its height must be head + 1, or 0 on an empty store).</summary>
    void CommitBlock(Block block, StateChanges changes);

    Block? GetBlock(ulong height);

    Block? GetBlock(Hash256 hash);

    TxLocation? GetTxLocation(Hash256 txHash);

    Account? GetAccount(Address address);

    /// <summary>Every stored account, in address order.</summary>
    IEnumerable<KeyValuePair<Address, Account>> ReadAccounts();
}
