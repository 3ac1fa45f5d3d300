using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Bft;

/// <summary>Two conflicting messages signed by one member for the same height and round (both encoded as received).</summary>
public sealed record Evidence(EvidenceKind Kind, PublicKey Offender, ulong Height, uint Round, byte[] First, byte[] Second);
