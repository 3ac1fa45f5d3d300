using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Membership;
using EnergyChain.Core.State;

namespace EnergyChain.Consensus.Pos;

/// <summary>
/// PoS weights over the members that govern the block (<see cref="MembershipState.MembersAt"/>: the set in the parent
/// state with the changes due by then applied, so a joined member counts from its effective height and a departed one
/// no longer does). Each weighs the stake locked by its node key's address in the parent state, by Core's one weight
/// rule (<see cref="MembershipVoting.Weights"/>): members without stake stay candidates of weight 0 (elected only as
/// the last fallback) and do not vote; while nobody has staked, every member votes with weight 1 so that a new chain runs.
/// </summary>
public sealed class StakeWeights : IProofScoreSource
{
    /// <summary>The raw stakes: a member without stake is a candidate of weight 0, even while nobody has staked.</summary>
    public IReadOnlyList<(PublicKey Member, ulong Weight)> WeightsAt(ulong height, IChainState parentState)
    {
        ArgumentNullException.ThrowIfNull(parentState);
        return [.. MembershipState.MembersAt(parentState, height).Select(m => (m.NodeKey, parentState.GetAccount(m.Address).Stake))];
    }

    /// <summary>The voting weights of the block after <paramref name="parentState"/>'s head.</summary>
    public ValidatorSet VotersAt(IChainState parentState)
    {
        ArgumentNullException.ThrowIfNull(parentState);
        return VotersAt(parentState, parentState.Head.Height + 1);
    }

    /// <summary>The voting weights of the block at <paramref name="height"/>, read from its parent's state.</summary>
    public static ValidatorSet VotersAt(IStateReader parentState, ulong height) =>
        new(MembershipVoting.Weights(parentState, MembershipState.MembersAt(parentState, height)).Select(w => (w.Member.NodeKey, w.Weight)));
}
