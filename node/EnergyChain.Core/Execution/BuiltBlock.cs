using EnergyChain.Core.Blocks;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Execution;

/// <summary>
/// A freshly built block, the candidates left out (with why), and the outcome of executing the block on the parent
/// it was built on: what <see cref="BlockExecutor.Apply"/> returns for it there.
/// </summary>
public sealed record BuiltBlock(Block Block, IReadOnlyList<(Transaction Tx, TxRejection Reason)> Skipped, BlockApplyResult Result);
