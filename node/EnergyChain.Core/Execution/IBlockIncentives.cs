using EnergyChain.Core.Blocks;

namespace EnergyChain.Core.Execution;

/// <summary>
/// The consensus engine's say in a block's economics: penalties it decided (missed slots, invalid blocks;
/// thesis eq. 3.24) and the block reward it grants. The core defines this and applies what it is told inside
/// <see cref="BlockExecutor.Apply"/>; it knows no engine. Every node must get the same answer from the same
/// inputs, so implementations are deterministic functions of the header and the parent state: no clock, no
/// randomness beyond the chain seed, no floating point, no local views (peer scores, what arrived late).
/// <para>
/// The header handed in is complete when a block is validated. While a block is being built its
/// <see cref="BlockHeader.TxRoot"/>, <see cref="BlockHeader.StateRoot"/> and signature are not final yet, so
/// implementations read only the height, parent hash, timestamp, slot, producer and consensus data.
/// </para>
/// </summary>
public interface IBlockIncentives
{
    /// <summary>
    /// Penalties to apply before the block's transactions, each with the same slashing rule as evidence.
    /// Order does not matter (the executor sorts them by height, then offender address, then reason).
    /// </summary>
    IReadOnlyList<Penalty> PenaltiesFor(BlockHeader header, IChainState parentState);

    /// <summary>Micro-units minted to the block's producer on top of the fees (0 for none).</summary>
    ulong BlockRewardFor(BlockHeader header, IChainState parentState);
}
