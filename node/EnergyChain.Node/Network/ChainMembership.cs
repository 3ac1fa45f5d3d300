using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Membership;
using EnergyChain.P2P.Handshake;

namespace EnergyChain.Node.Network;

/// <summary>
/// The P2P handshake's member set, read from the chain's head state at every handshake (so it follows joins, leaves
/// and evictions as blocks commit). It admits:
/// <list type="bullet">
/// <item>the members that govern the next block;</item>
/// <item>members whose approved join waits for its height (they must be synced and connected when it arrives);</item>
/// <item>applicants with an open join request. A joining node has to sync the chain before it can validate, and it
/// can only sync from members; admitting it to the gossip (not to the vote: engines read the set from state) lets it
/// catch up while the members vote, so it starts validating at the height its membership takes effect. It cost the
/// applicant a locked deposit, and a rejected request closes its links at the next block.</item>
/// </list>
/// A key whose leave or eviction has taken effect is refused.
/// </summary>
public sealed class ChainMembership(Blockchain chain) : IMembership
{
    public bool IsMember(PublicKey nodeKey)
    {
        ArgumentNullException.ThrowIfNull(nodeKey);
        var recorded = MembershipState.Read(chain.State);
        var current = recorded.Due(chain.Head.Height + 1);
        return current.Members.Any(m => m.NodeKey.Equals(nodeKey))
            || current.Pending.Any(c => c.Change == MemberChange.Add && c.Member.NodeKey.Equals(nodeKey))
            || current.Proposals.Any(p => p.Kind == ProposalKind.Join && p.Member.NodeKey.Equals(nodeKey));
    }
}
