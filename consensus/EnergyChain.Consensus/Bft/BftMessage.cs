using EnergyChain.Core.Blocks;

namespace EnergyChain.Consensus.Bft;

/// <summary>A decoded replica message; which property is set depends on <see cref="Kind"/>.</summary>
public sealed record BftMessage(BftMessageKind Kind, Proposal? Proposal = null, Vote? Vote = null, ulong RequestedHeight = 0, Block? Block = null, CommitCertificate? Certificate = null);
