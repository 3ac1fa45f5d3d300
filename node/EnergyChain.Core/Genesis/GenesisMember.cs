using EnergyChain.Core.Crypto;
using EnergyChain.Core.Membership;

namespace EnergyChain.Core.Genesis;

/// <summary>
/// A member of the permissioned network: a node key that may connect and take part in consensus. A household's
/// <see cref="Meter"/> is the key of its smart meter, the only key whose readings the PoEG market accepts for it
/// (genesis <c>"meterKey"</c>, optional). <see cref="Role"/> and <see cref="Location"/> (genesis <c>"role"</c>:
/// <c>"household"</c> or <c>"ev"</c>, <c>"location"</c>) are what a join request states for a later member.
/// </summary>
public sealed record GenesisMember(string Name, PublicKey PublicKey, PublicKey? Meter = null, MemberRole Role = MemberRole.Household, string Location = "")
{
    /// <summary>The member as the genesis state records it: no deposit, a member since height 0.</summary>
    public MemberRecord ToRecord() => new(Name, PublicKey, Meter, Role, Location, 0, 0);
}
