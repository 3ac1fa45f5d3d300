using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Membership;

/// <summary>One member's vote on an open proposal.</summary>
public readonly record struct MemberVote(Address Voter, bool Approve);
