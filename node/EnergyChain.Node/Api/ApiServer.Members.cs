using EnergyChain.Core.Genesis;
using EnergyChain.Core.Membership;
using EnergyChain.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EnergyChain.Node.Api;

public static partial class ApiServer
{
    private static void MapMembers(WebApplication app, NodeServices node)
    {
        app.MapGet("/v1/members", () =>
        {
            var head = node.Chain.Head;
            var state = node.Chain.State;
            var recorded = MembershipState.Read(state);
            var next = head.Height + 1;
            var members = MembershipState.MembersAt(state, next);
            var weights = MembershipVoting.Weights(state, members);
            var total = weights.Aggregate(UInt128.Zero, (sum, w) => sum + w.Weight);
            var rules = node.Genesis.Parameters.Membership;
            return Results.Json(new
            {
                height = head.Height,
                nextHeight = next,
                totalWeight = (ulong)total,
                members = members.Select(Member),
                proposals = recorded.Proposals.Select(p => Proposal(p, weights, total, rules)),
                pending = recorded.Due(next).Pending.Select(c => new
                {
                    effectiveHeight = c.EffectiveHeight,
                    change = c.Change == MemberChange.Add ? "add" : "remove",
                    member = Member(c.Member),
                }),
                rules = new
                {
                    admission = rules.Admission == AdmissionMode.Operator ? "operator" : "vote",
                    operatorKey = rules.OperatorKey?.ToString(),
                    minDeposit = rules.MinDeposit,
                    activationDelayBlocks = rules.ActivationDelayBlocks,
                    minMembers = rules.MinMembers,
                    maxMembers = rules.MaxMembers,
                    maxOpenProposals = rules.MaxOpenProposals,
                },
            });
        });
    }

    internal static object Member(MemberRecord member) => new
    {
        name = member.Name,
        publicKey = member.NodeKey.ToString(),
        address = member.Address.ToString(),
        meterKey = member.Meter?.ToString(),
        role = GenesisLoader.RoleName(member.Role),
        location = member.Location,
        deposit = member.Deposit,
        sinceHeight = member.SinceHeight,
    };

    /// <summary>
    /// A proposal with its tally as the chain would count it now: only current members' votes, with their weight
    /// now; approved above two thirds of the total, rejected once a third or more rejects (operator admission: the
    /// operator's vote alone).
    /// </summary>
    private static object Proposal(MembershipProposal proposal, (MemberRecord Member, ulong Weight)[] weights, UInt128 total, MembershipRules rules)
    {
        var votes = proposal.Votes.ToDictionary(v => v.Voter, v => v.Approve);
        UInt128 approve = 0, reject = 0;
        foreach (var (member, weight) in weights)
        {
            if (votes.TryGetValue(member.Address, out var yes))
            {
                approve += yes ? weight : 0;
                reject += yes ? 0 : weight;
            }
        }

        return new
        {
            kind = proposal.Kind == ProposalKind.Join ? "join" : "evict",
            subject = proposal.Subject.ToString(),
            member = Member(proposal.Member),
            proposer = proposal.Proposer.ToString(),
            openedHeight = proposal.OpenedHeight,
            reason = proposal.Reason,
            votes = proposal.Votes.Select(v => new { voter = v.Voter.ToString(), vote = v.Approve ? "approve" : "reject" }),
            tally = new
            {
                approveWeight = (ulong)approve,
                rejectWeight = (ulong)reject,
                totalWeight = (ulong)total,

                // The smallest approving weight that is more than two thirds of the total.
                approveNeeded = (ulong)((total * 2 / 3) + 1),
                decidedBy = rules.Admission == AdmissionMode.Operator ? "operator" : "vote",
            },
        };
    }
}
