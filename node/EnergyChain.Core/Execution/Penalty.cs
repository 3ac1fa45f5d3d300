using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Execution;

/// <summary>
/// A penalty decided by the engine: slash <paramref name="Offender"/> for the offence at <paramref name="Height"/>
/// (at most the height of the block applying it, at least 1). An offender already slashed for that height or a
/// later one is skipped, so one offence is slashed once.
/// </summary>
public sealed record Penalty(PublicKey Offender, PenaltyReason Reason, ulong Height);
