using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;

namespace EnergyChain.Core.Storage;

/// <summary>
/// The block store. <see cref="CommitBlock"/> is atomic: the block, the account changes, the undo data and
/// the head pointer are all written or none is, so a crash at any point reopens at the last fully committed
/// block. <see cref="RevertHead"/> is atomic the same way. Reads may run concurrently with a commit or a
/// revert. The transaction index is derived from the blocks (a store may write it behind the commit), but
/// <see cref="GetTxLocation"/> finds every transaction of a block a reader can see as the head.
/// </summary>
public interface IBlockStore : IDisposable
{
    /// <summary>The last committed block, or null for an empty store.</summary>
    StoredHead? ReadHead();

    /// <summary>Commits <paramref name="block"/> as the new head (its height must be head + 1, or 0 on an empty store).</summary>
    /// <para>
    /// <paramref name="finalityProof"/> is the engine's proof that the block is final (a BFT commit certificate),
    /// opaque to the store; it is written in the same transaction so that a final block is never stored without it.
    /// Empty for engines without one.
    /// </para>
    void CommitBlock(Block block, StateChanges changes, ReadOnlyMemory<byte> finalityProof = default);

    /// <summary>The finality proof committed with the block at <paramref name="height"/>, or null when there is none.</summary>
    byte[]? GetFinalityProof(ulong height);

    /// <summary>How many of the most recent blocks keep undo data, i.e. how deep <see cref="RevertHead"/> can go.</summary>
    ulong UndoDepth { get; }

    /// <summary>
    /// Takes the head block off: removes it and its transaction index entries, puts back the accounts it
    /// changed and moves the head pointer to its parent, in one atomic step.
    /// </summary>
    /// <exception cref="StoreException">
    /// <see cref="StoreError.GenesisNotRevertible"/> when the head is genesis or the store is empty;
    /// <see cref="StoreError.UndoDataMissing"/> when the head's undo data was pruned (older than
    /// <see cref="UndoDepth"/>) or never written. Either way nothing changed.
    /// </exception>
    RevertedBlock RevertHead();

    Block? GetBlock(ulong height);

    Block? GetBlock(Hash256 hash);

    TxLocation? GetTxLocation(Hash256 txHash);

    Account? GetAccount(Address address);

    /// <summary>Every stored account, in address order.</summary>
    IEnumerable<KeyValuePair<Address, Account>> ReadAccounts();
}
