using EnergyChain.Core.State;

namespace EnergyChain.Core.Membership;

/// <summary>
/// The voting weight of members, one rule for the BFT votes and the membership votes: each member weighs the stake
/// its node key's address has locked; while no member has staked, every member weighs 1, so that a new chain runs.
/// </summary>
public static class MembershipVoting
{
    public static (MemberRecord Member, ulong Weight)[] Weights(IStateReader state, IReadOnlyList<MemberRecord> members)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(members);
        var weights = members.Select(m => (m, state.GetAccount(m.Address).Stake)).ToArray();
        return weights.All(w => w.Stake == 0) ? [.. members.Select(m => (m, 1UL))] : weights;
    }
}
