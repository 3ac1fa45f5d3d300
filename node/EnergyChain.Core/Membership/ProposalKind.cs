namespace EnergyChain.Core.Membership;

/// <summary>What an open membership proposal would do if approved. Part of the encoding.</summary>
public enum ProposalKind : byte
{
    Join = 1,
    Evict = 2,
}
