using EnergyChain.Core.Crypto;
using EnergyChain.Core.Membership;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Execution;

/// <summary>
/// Membership changes (docs/membership.md). A join request locks a deposit and opens a proposal; members vote with
/// their BFT weight (<see cref="MembershipVoting"/>), and more than two thirds of the weight approves, while a third
/// or more rejecting closes it (approval is then out of reach). Under operator admission the operator's vote alone
/// decides. An approved change, a leave or an eviction is scheduled <see cref="MembershipRules.ActivationDelayBlocks"/>
/// blocks ahead and takes effect at the start of that block (<see cref="ApplyDueMembership"/>), so every replica
/// switches sets at the same height.
/// </summary>
public sealed partial class BlockExecutor
{
    /// <summary>
    /// Applies the membership changes due at <paramref name="height"/> at the start of its block: the set is updated,
    /// a departing member's deposit returns from the escrow to its balance, and open proposals are tallied again
    /// against the new set (a leaver's vote no longer counts, and may no longer be needed).
    /// </summary>
    private void ApplyDueMembership(StateOverlay state, ulong height)
    {
        var recorded = MembershipState.Read(state);
        if (recorded.Pending.Count == 0 || recorded.Pending[0].EffectiveHeight > height)
        {
            return;
        }

        foreach (var change in recorded.Pending.TakeWhile(c => c.EffectiveHeight <= height))
        {
            if (change.Change == MemberChange.Remove)
            {
                ReturnDeposit(state, change.Member.Address, change.Member.Deposit);
            }
        }

        // The set changed, and with it every open proposal's tally: decide again what the new set has decided.
        var next = recorded.Due(height);
        foreach (var proposal in next.Proposals.ToList())
        {
            if (Decide(state, next, proposal, height) is (null, { } decided))
            {
                next = decided;
            }
        }

        next.Write(state);
    }

    private TxRejection? ExecuteMembership(StateOverlay state, Transaction tx, Account after, ulong height)
    {
        var membership = MembershipState.Read(state).Due(height);
        var outcome = tx.Payload switch
        {
            MemberJoinPayload join => Join(state, tx, after, height, membership, join),
            MemberVotePayload vote => Vote(state, tx, height, membership, vote),
            MemberLeavePayload => Leave(tx, height, membership),
            MemberEvictPayload evict => Evict(state, tx, height, membership, evict),
            _ => throw new InvalidOperationException($"{tx.Type} is not a membership transaction"),
        };
        if (outcome.Error is { } error)
        {
            return error;
        }

        if (tx.Payload is not MemberJoinPayload)
        {
            state.SetAccount(tx.SenderAddress, after);
        }

        outcome.Next?.Write(state);

        return null;
    }

    private (TxRejection? Error, MembershipState? Next) Join(StateOverlay state, Transaction tx, Account after, ulong height, MembershipState membership, MemberJoinPayload join)
    {
        var rules = _parameters.Membership;
        var applicant = tx.Sender;
        if (MemberRecord.NameError(join.Name) is { } nameError)
        {
            return Refuse(TxError.InvalidMember, nameError);
        }

        if (MemberRecord.LocationError(join.Location) is { } locationError)
        {
            return Refuse(TxError.InvalidMember, locationError);
        }

        // The operator decides admissions, so it cannot be an applicant; this also keeps a deposit refunded by a
        // rejecting vote from landing on the voter's own account, which the caller writes after the vote.
        if (rules.Admission == AdmissionMode.Operator && applicant.Equals(rules.OperatorKey))
        {
            return Refuse(TxError.InvalidMember, "the operator admits members; its own key cannot apply");
        }

        var eventual = membership.Due(ulong.MaxValue).Members;
        if (eventual.Any(m => m.NodeKey.Equals(applicant)))
        {
            return Refuse(TxError.AlreadyMember, $"{applicant.Address} is already a member (or its approved join is waiting for its height)");
        }

        if (membership.ProposalFor(applicant.Address) is not null)
        {
            return Refuse(TxError.ProposalOpen, $"{applicant.Address} already has an open join request");
        }

        if (membership.Proposals.Count >= rules.MaxOpenProposals)
        {
            return Refuse(TxError.ProposalOpen, $"{membership.Proposals.Count} proposals are open, the most the chain holds; wait until one is decided");
        }

        if (eventual.Count >= rules.MaxMembers)
        {
            return Refuse(TxError.MembershipFull, $"the network has {eventual.Count} members, its maximum");
        }

        var others = eventual.Concat(membership.Proposals.Select(p => p.Member)).ToList();
        if (others.Any(m => m.Name == join.Name))
        {
            return Refuse(TxError.InvalidMember, $"the name '{join.Name}' is taken");
        }

        if (join.Meter is { } meter && (meter.Equals(applicant) || others.Any(m => meter.Equals(m.NodeKey) || meter.Equals(m.Meter))))
        {
            return Refuse(TxError.InvalidMember, $"meter key {meter} is already a node's or another meter's key; a meter signs with a key of its own");
        }

        if (join.Deposit < rules.MinDeposit)
        {
            return Refuse(TxError.DepositTooLow, $"a join request locks at least {rules.MinDeposit} micro-units, this one offers {join.Deposit}");
        }

        if (after.Balance < join.Deposit)
        {
            return Refuse(TxError.InsufficientBalance, $"balance {after.Balance + tx.Fee} cannot lock the deposit {join.Deposit} plus fee {tx.Fee}");
        }

        var escrow = state.GetAccount(SystemAddresses.MembershipEscrow);
        if (!TryAdd(escrow.Balance, join.Deposit, out var held))
        {
            return Refuse(TxError.Overflow, "the membership escrow would overflow");
        }

        state.SetAccount(tx.SenderAddress, after with { Balance = after.Balance - join.Deposit });
        state.SetAccount(SystemAddresses.MembershipEscrow, escrow with { Balance = held });
        var record = new MemberRecord(join.Name, applicant, join.Meter, join.Role, join.Location, join.Deposit, 0);
        var proposal = new MembershipProposal(ProposalKind.Join, record, applicant.Address, height, string.Empty, []);
        return (null, membership with { Proposals = [.. membership.Proposals, proposal] });
    }

    private (TxRejection? Error, MembershipState? Next) Vote(StateOverlay state, Transaction tx, ulong height, MembershipState membership, MemberVotePayload vote)
    {
        var rules = _parameters.Membership;
        if (membership.ProposalFor(vote.Subject) is not { } proposal)
        {
            return Refuse(TxError.NoOpenProposal, $"nobody proposes to admit or evict {vote.Subject}");
        }

        var voter = tx.SenderAddress;
        if (rules.Admission == AdmissionMode.Operator)
        {
            if (!tx.Sender.Equals(rules.OperatorKey))
            {
                return Refuse(TxError.NotOperator, $"this network admits members by the operator's key {rules.OperatorKey}; {voter} cannot decide");
            }
        }
        else
        {
            if (membership.Find(voter) is null)
            {
                return Refuse(TxError.NotMember, $"{voter} is not a member at height {height}, so it cannot vote");
            }

            if (proposal.Votes.Any(v => v.Voter == voter))
            {
                return Refuse(TxError.DuplicateVote, $"{voter} has already voted on the proposal about {vote.Subject}");
            }
        }

        var voted = proposal with { Votes = [.. proposal.Votes, new MemberVote(voter, vote.Approve)] };
        var next = membership with { Proposals = [.. membership.Proposals.Select(p => p.Subject == vote.Subject ? voted : p)] };
        return Decide(state, next, voted, height);
    }

    private (TxRejection? Error, MembershipState? Next) Leave(Transaction tx, ulong height, MembershipState membership)
    {
        var rules = _parameters.Membership;
        var leaver = tx.SenderAddress;
        if (membership.Find(leaver) is not { } member)
        {
            return Refuse(TxError.NotMember, $"{leaver} is not a member at height {height}");
        }

        if (membership.Pending.Any(c => c.Member.Address == leaver && c.Change == MemberChange.Remove))
        {
            return Refuse(TxError.NotMember, $"{leaver} is already leaving");
        }

        if (membership.EventualCount - 1 < rules.MinMembers)
        {
            return Refuse(TxError.BelowMinimumMembers, BelowMinimum(membership.EventualCount));
        }

        return (null, Schedule(membership with { Proposals = [.. membership.Proposals.Where(p => p.Subject != leaver)] }, MemberChange.Remove, member, height));
    }

    private (TxRejection? Error, MembershipState? Next) Evict(StateOverlay state, Transaction tx, ulong height, MembershipState membership, MemberEvictPayload evict)
    {
        var rules = _parameters.Membership;
        var proposer = tx.SenderAddress;
        if (MembershipProposal.MaxReasonLength < evict.Reason.Length || !evict.Reason.All(c => c is >= ' ' and <= '~'))
        {
            return Refuse(TxError.InvalidMember, $"an eviction reason is up to {MembershipProposal.MaxReasonLength} printable ASCII characters");
        }

        var byOperator = rules.Admission == AdmissionMode.Operator;
        if (byOperator && !tx.Sender.Equals(rules.OperatorKey))
        {
            return Refuse(TxError.NotOperator, $"this network evicts members by the operator's key {rules.OperatorKey}; {proposer} cannot propose it");
        }

        if (!byOperator && membership.Find(proposer) is null)
        {
            return Refuse(TxError.NotMember, $"{proposer} is not a member at height {height}, so it cannot propose an eviction");
        }

        if (evict.Subject == proposer)
        {
            return Refuse(TxError.InvalidMember, "a member leaves with a leave notice, not by evicting itself");
        }

        if (membership.Find(evict.Subject) is not { } subject || membership.Pending.Any(c => c.Member.Address == evict.Subject))
        {
            return Refuse(TxError.NotMember, $"{evict.Subject} is not a member at height {height} (or is already leaving)");
        }

        if (membership.ProposalFor(evict.Subject) is not null)
        {
            return Refuse(TxError.ProposalOpen, $"an eviction of {evict.Subject} is already open");
        }

        if (membership.Proposals.Count >= rules.MaxOpenProposals)
        {
            return Refuse(TxError.ProposalOpen, $"{membership.Proposals.Count} proposals are open, the most the chain holds; wait until one is decided");
        }

        if (membership.EventualCount - 1 < rules.MinMembers)
        {
            return Refuse(TxError.BelowMinimumMembers, BelowMinimum(membership.EventualCount));
        }

        var proposal = new MembershipProposal(ProposalKind.Evict, subject, proposer, height, evict.Reason, [new MemberVote(proposer, true)]);
        return Decide(state, membership with { Proposals = [.. membership.Proposals, proposal] }, proposal, height);
    }

    /// <summary>Closes <paramref name="proposal"/> if its votes decide it: approved (scheduled) or rejected (a join's deposit returned).</summary>
    private (TxRejection? Error, MembershipState? Next) Decide(StateOverlay state, MembershipState membership, MembershipProposal proposal, ulong height)
    {
        var rules = _parameters.Membership;
        bool approved, rejected;
        if (rules.Admission == AdmissionMode.Operator)
        {
            approved = proposal.Votes.Count > 0 && proposal.Votes[^1].Approve;
            rejected = !approved;
        }
        else
        {
            // Only current members' votes count, with their weight now: a voter that has left since counts for nothing.
            var votes = proposal.Votes.ToDictionary(v => v.Voter, v => v.Approve);
            UInt128 total = 0, approve = 0, reject = 0;
            foreach (var (member, weight) in MembershipVoting.Weights(state, membership.Members))
            {
                total += weight;
                if (votes.TryGetValue(member.Address, out var yes))
                {
                    approve += yes ? weight : 0;
                    reject += yes ? 0 : weight;
                }
            }

            approved = approve * 3 > total * 2;
            rejected = !approved && reject * 3 >= total;
        }

        if (!approved && !rejected)
        {
            return (null, membership);
        }

        var rest = membership with { Proposals = [.. membership.Proposals.Where(p => p.Subject != proposal.Subject)] };
        if (rejected)
        {
            if (proposal.Kind == ProposalKind.Join)
            {
                ReturnDeposit(state, proposal.Subject, proposal.Member.Deposit);
            }

            return (null, rest);
        }

        if (proposal.Kind == ProposalKind.Join)
        {
            return rest.EventualCount >= rules.MaxMembers
                ? Refuse(TxError.MembershipFull, $"the network has {rest.EventualCount} members, its maximum")
                : (null, Schedule(rest, MemberChange.Add, proposal.Member, height));
        }

        return rest.EventualCount - 1 < rules.MinMembers
            ? Refuse(TxError.BelowMinimumMembers, BelowMinimum(rest.EventualCount))
            : (null, Schedule(rest, MemberChange.Remove, proposal.Member, height));
    }

    private MembershipState Schedule(MembershipState membership, MemberChange change, MemberRecord member, ulong height)
    {
        var effective = SaturatingAdd(height, Math.Max(1, _parameters.Membership.ActivationDelayBlocks));
        return membership with { Pending = [.. membership.Pending, new PendingMemberChange(effective, change, member)] };
    }

    private static void ReturnDeposit(StateOverlay state, Address to, ulong deposit)
    {
        if (deposit == 0)
        {
            return;
        }

        var escrow = state.GetAccount(SystemAddresses.MembershipEscrow);
        var owner = state.GetAccount(to);
        if (escrow.Balance < deposit || !TryAdd(owner.Balance, deposit, out var returned))
        {
            return; // Unreachable while deposits only enter the escrow with their proposals; never mint or lose.
        }

        state.SetAccount(SystemAddresses.MembershipEscrow, escrow with { Balance = escrow.Balance - deposit });
        state.SetAccount(to, state.GetAccount(to) with { Balance = returned });
    }

    private string BelowMinimum(int eventual) =>
        $"the network would keep {eventual - 1} members, fewer than the {_parameters.Membership.MinMembers} it needs (a BFT set of 4 survives one fault)";

    private static (TxRejection?, MembershipState?) Refuse(TxError error, string message) => (new TxRejection(error, message), null);
}
