namespace EnergyChain.Core.Membership;

/// <summary>Who decides membership changes: the members by a two-thirds vote (the default), or one operator key named in genesis.</summary>
public enum AdmissionMode : byte
{
    Vote = 0,
    Operator = 1,
}
