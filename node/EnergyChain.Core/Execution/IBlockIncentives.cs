using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;

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

/// <summary>Why an offender is slashed. Informational: every reason uses the same slashing rule.</summary>
public enum PenaltyReason : byte
{
    /// <summary>The elected producer of an earlier round at this height did not produce (refusal, eq. 3.24).</summary>
    MissedSlot = 1,
    /// <summary>The member produced or voted for a block the engine proved invalid.</summary>
    InvalidBlock = 2,
    /// <summary>The member signed two different headers for one height and slot (from an evidence transaction).</summary>
    DoubleSign = 3,
}

/// <summary>
/// A penalty decided by the engine: slash <paramref name="Offender"/> for the offence at <paramref name="Height"/>
/// (at most the height of the block applying it, at least 1). An offender already slashed for that height or a
/// later one is skipped, so one offence is slashed once.
/// </summary>
public sealed record Penalty(PublicKey Offender, PenaltyReason Reason, ulong Height);

/// <summary>A slash that a block applied: who, why, for which offence height, and how much was burned.</summary>
public sealed record SlashRecord(Address Offender, PenaltyReason Reason, ulong OffenceHeight, ulong Burned);

/// <summary>No penalties and no reward: the default when no engine supplies incentives.</summary>
public sealed class NoBlockIncentives : IBlockIncentives
{
    private NoBlockIncentives()
    {
    }

    public static NoBlockIncentives Instance { get; } = new();

    public IReadOnlyList<Penalty> PenaltiesFor(BlockHeader header, IChainState parentState) => [];

    public ulong BlockRewardFor(BlockHeader header, IChainState parentState) => 0;
}
