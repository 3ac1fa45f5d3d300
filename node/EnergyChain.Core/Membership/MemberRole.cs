namespace EnergyChain.Core.Membership;

/// <summary>What a member brings to the market: a household with PV and a meter (PoEG), or an EV (PoSOC). Part of the encoding.</summary>
public enum MemberRole : byte
{
    Household = 1,
    Ev = 2,
}
