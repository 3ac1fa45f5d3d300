namespace EnergyChain.Core.Storage;

public enum StoreError
{
    /// <summary>The files could not be opened or written (permissions, disk full, not a database).</summary>
    Unavailable,
    /// <summary>The stored data is inconsistent (state root mismatch, undecodable block).</summary>
    Corrupted,
    /// <summary>The data directory belongs to a different chain than the genesis file.</summary>
    WrongChain,
    /// <summary>A commit that does not extend the head.</summary>
    NotNextBlock,
    /// <summary>A revert of the genesis block (or of an empty store): there is no parent to go back to.</summary>
    GenesisNotRevertible,
    /// <summary>A revert of a block whose undo data is gone (older than the store's undo depth).</summary>
    UndoDataMissing,
}
