using EnergyChain.Core.Blocks;
using EnergyChain.Core.State;

namespace EnergyChain.Core.Storage;

/// <summary>
/// A block taken off the head by <see cref="IBlockStore.RevertHead"/>.
/// </summary>
/// <param name="Block">The block that was the head.</param>
/// <param name="Changes">
/// The account changes the block had made (the same accounts and values <see cref="IBlockStore.CommitBlock"/>
/// was given): committing the block again with them puts the store back exactly as it was.
/// </param>
/// <param name="Restored">
/// The same accounts as they are again after the revert (<see cref="Account.Empty"/> for ones that did not
/// exist): applying them to the in-memory state moves it back to the parent's state root.
/// </param>
public sealed record RevertedBlock(Block Block, StateChanges Changes, StateChanges Restored);
