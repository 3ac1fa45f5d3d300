using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Execution;

/// <summary>A slash that a block applied: who, why, for which offence height, and how much was burned.</summary>
public sealed record SlashRecord(Address Offender, PenaltyReason Reason, ulong OffenceHeight, ulong Burned);
