namespace EnergyChain.Core.Membership;

/// <summary>A scheduled change of the member set. Part of the encoding.</summary>
public enum MemberChange : byte
{
    Add = 1,
    Remove = 2,
}
