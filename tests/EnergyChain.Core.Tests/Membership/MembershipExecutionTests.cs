using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Membership;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Tests.Membership;

public sealed class MembershipExecutionTests
{
    [Fact]
    public void A_join_approved_by_more_than_two_thirds_takes_effect_two_blocks_after_the_approving_block()
    {
        var t = new MembershipChain();
        var applicant = t.Applicants[0];
        t.Commit(t.Join(applicant, "household-5"));
        Assert.Equal(MembershipChain.Funds - MembershipChain.Deposit, t.Chain.GetAccount(applicant.Address).Balance);
        Assert.Equal(MembershipChain.Deposit, t.Chain.GetAccount(SystemAddresses.MembershipEscrow).Balance);

        // Two of four equal weights is not more than two thirds; the third vote is.
        t.Commit(t.Vote(t.Members[0], applicant), t.Vote(t.Members[1], applicant));
        Assert.Single(t.State.Proposals);
        var approving = t.Commit(t.Vote(t.Members[2], applicant)).Header.Height;
        Assert.Empty(t.State.Proposals);
        var pending = Assert.Single(t.State.Pending);
        Assert.Equal(approving + 2, pending.EffectiveHeight);

        // The block after the approving one is still governed by the old set; the one after that by the new.
        Assert.DoesNotContain(applicant.Address, t.NextMembers);
        t.Commit();
        Assert.Contains(applicant.Address, t.NextMembers);
        Assert.DoesNotContain(applicant.Address, t.State.Members.Select(m => m.Address));
        t.Commit();
        var joined = Assert.Single(t.State.Members, m => m.Address == applicant.Address);
        Assert.Empty(t.State.Pending);
        Assert.Equal(approving + 2, joined.SinceHeight);
        Assert.Equal("household-5", joined.Name);
        Assert.Equal(MembershipChain.Deposit, joined.Deposit);
        Assert.Equal(5, t.State.Members.Count);
        Assert.Equal(MembershipState.Canonical(t.State.Members).Select(m => m.Address), t.State.Members.Select(m => m.Address));
    }

    [Fact]
    public void A_third_rejecting_closes_a_join_request_and_returns_the_deposit()
    {
        var t = new MembershipChain();
        var applicant = t.Applicants[0];
        t.Commit(t.Join(applicant, "household-5"));
        t.Commit(t.Vote(t.Members[0], applicant, approve: false));
        Assert.Single(t.State.Proposals); // one of four is less than a third
        t.Commit(t.Vote(t.Members[1], applicant, approve: false));

        Assert.Empty(t.State.Proposals);
        Assert.Empty(t.State.Pending);
        Assert.Equal(MembershipChain.Funds, t.Chain.GetAccount(applicant.Address).Balance);
        Assert.Equal(0UL, t.Chain.GetAccount(SystemAddresses.MembershipEscrow).Balance);
    }

    [Fact]
    public void Votes_weigh_by_stake_once_members_have_staked()
    {
        var t = new MembershipChain();
        var applicant = t.Applicants[0];

        // Member 0 holds 7 of 10 staked units: more than two thirds on its own.
        t.Commit(
            t.Tx(t.Members[0], new StakePayload(7)), t.Tx(t.Members[1], new StakePayload(1)),
            t.Tx(t.Members[2], new StakePayload(1)), t.Tx(t.Members[3], new StakePayload(1)));
        t.Commit(t.Join(applicant, "household-5"));
        t.Commit(t.Vote(t.Members[0], applicant));

        Assert.Empty(t.State.Proposals);
        Assert.Equal(applicant.Address, Assert.Single(t.State.Pending).Member.Address);
    }

    [Fact]
    public void A_leave_takes_effect_after_the_delay_and_returns_the_deposit()
    {
        var t = new MembershipChain();
        var applicant = t.Applicants[0];
        t.Commit(t.Join(applicant, "household-5"));
        t.Commit(t.Vote(t.Members[0], applicant), t.Vote(t.Members[1], applicant), t.Vote(t.Members[2], applicant));
        t.Commit();
        t.Commit();
        Assert.Equal(5, t.State.Members.Count);

        var leaving = t.Commit(t.Tx(applicant, new MemberLeavePayload())).Header.Height;
        Assert.Contains(applicant.Address, t.NextMembers);
        t.Commit();
        Assert.DoesNotContain(applicant.Address, t.NextMembers);
        t.Commit();
        Assert.Equal(leaving + 2, t.Chain.Head.Height);
        Assert.Equal(4, t.State.Members.Count);
        Assert.Equal(MembershipChain.Funds, t.Chain.GetAccount(applicant.Address).Balance);
        Assert.Equal(0UL, t.Chain.GetAccount(SystemAddresses.MembershipEscrow).Balance);
    }

    [Fact]
    public void An_eviction_counts_the_proposer_and_needs_two_thirds()
    {
        var t = new MembershipChain(members: 5);
        var subject = t.Members[4];
        t.Commit(t.Tx(t.Members[0], new MemberEvictPayload(subject.Address, "offline for six weeks")));
        var proposal = Assert.Single(t.State.Proposals);
        Assert.Equal(ProposalKind.Evict, proposal.Kind);
        Assert.Equal("offline for six weeks", proposal.Reason);

        // Proposer plus two of five is 3/5, not more than two thirds; a fourth approval is.
        t.Commit(t.Vote(t.Members[1], subject), t.Vote(t.Members[2], subject));
        Assert.Single(t.State.Proposals);
        t.Commit(t.Vote(t.Members[3], subject));
        Assert.Equal(MemberChange.Remove, Assert.Single(t.State.Pending).Change);
        t.Commit();
        t.Commit();
        Assert.DoesNotContain(subject.Address, t.State.Members.Select(m => m.Address));
        Assert.Equal(4, t.State.Members.Count);
    }

    [Fact]
    public void Under_operator_admission_the_operators_vote_alone_decides()
    {
        var crypto = CryptoBackends.Default;
        var operatorKey = PrivateKey.FromSeed("membership/operator", crypto);
        var t = new MembershipChain(
            rules: new MembershipRules { Admission = AdmissionMode.Operator, OperatorKey = operatorKey.PublicKey, MinDeposit = MembershipChain.Deposit },
            operatorKey: operatorKey);
        var applicant = t.Applicants[0];
        t.Commit(t.Join(applicant, "household-5"));

        Assert.Equal(TxError.NotOperator, t.Refused(t.Vote(t.Members[0], applicant)).Error);
        t.Commit(t.Vote(operatorKey, applicant));
        Assert.Equal(applicant.Address, Assert.Single(t.State.Pending).Member.Address);

        Assert.Equal(TxError.NotOperator, t.Refused(t.Tx(t.Members[0], new MemberEvictPayload(t.Members[1].Address, "no"))).Error);
        Assert.Equal(TxError.InvalidMember, t.Refused(t.Join(operatorKey, "operator")).Error);
    }

    [Fact]
    public void Bad_membership_transactions_are_refused_with_typed_errors_and_change_nothing()
    {
        var t = new MembershipChain();
        var (applicant, other) = (t.Applicants[0], t.Applicants[1]);

        var member = t.Refused(t.Join(t.Members[1], "again"));
        Assert.Equal(TxError.AlreadyMember, member.Error);

        var low = t.Refused(t.Join(applicant, "household-5", deposit: MembershipChain.Deposit - 1));
        Assert.Equal(TxError.DepositTooLow, low.Error);
        Assert.Contains($"at least {MembershipChain.Deposit}", low.Message);

        var broke = t.Refused(t.Join(applicant, "household-5", deposit: MembershipChain.Funds + 1));
        Assert.Equal(TxError.InsufficientBalance, broke.Error);

        Assert.Equal(TxError.InvalidMember, t.Refused(t.Join(applicant, "Bad Name!")).Error);
        Assert.Equal(TxError.InvalidMember, t.Refused(t.Join(applicant, "member-1")).Error);
        Assert.Equal(TxError.InvalidMember, t.Refused(t.Join(applicant, "household-5", meter: t.Members[2].PublicKey)).Error);
        Assert.Equal(TxError.NoOpenProposal, t.Refused(t.Vote(t.Members[0], applicant)).Error);

        t.Commit(t.Join(applicant, "household-5"));
        Assert.Equal(TxError.ProposalOpen, t.Refused(t.Join(applicant, "household-6")).Error);

        var outsider = t.Refused(t.Vote(other, applicant));
        Assert.Equal(TxError.NotMember, outsider.Error);
        Assert.Equal(TxError.NotMember, t.Refused(t.Vote(applicant, applicant)).Error);

        t.Commit(t.Vote(t.Members[0], applicant));
        var twice = t.Refused(t.Vote(t.Members[0], applicant, approve: false));
        Assert.Equal(TxError.DuplicateVote, twice.Error);

        // Four members: nobody may leave or be evicted.
        var leave = t.Refused(t.Tx(t.Members[3], new MemberLeavePayload()));
        Assert.Equal(TxError.BelowMinimumMembers, leave.Error);
        Assert.Contains("would keep 3 members, fewer than the 4", leave.Message);
        Assert.Equal(TxError.BelowMinimumMembers, t.Refused(t.Tx(t.Members[0], new MemberEvictPayload(t.Members[3].Address, "gone"))).Error);
        Assert.Equal(TxError.NotMember, t.Refused(t.Tx(other, new MemberLeavePayload())).Error);
        Assert.Equal(TxError.NotMember, t.Refused(t.Tx(t.Members[0], new MemberEvictPayload(other.Address, "never joined"))).Error);
        Assert.Equal(TxError.InvalidMember, t.Refused(t.Tx(t.Members[0], new MemberEvictPayload(t.Members[0].Address, "me"))).Error);
    }

    [Fact]
    public void The_mempool_refuses_what_a_block_refuses()
    {
        var t = new MembershipChain();
        var pool = new EnergyChain.Core.Mempool.TxPool(t.Chain);
        var admission = pool.Add(t.Vote(t.Applicants[1], t.Applicants[0]));
        Assert.False(admission.Accepted);
        Assert.Equal(TxError.NoOpenProposal, admission.Rejection!.Error);
    }

    [Fact]
    public void A_pending_vote_on_a_proposal_decided_meanwhile_leaves_the_pool_so_its_sender_is_not_stuck()
    {
        var t = new MembershipChain();
        var applicant = t.Applicants[0];
        var pool = new EnergyChain.Core.Mempool.TxPool(t.Chain);
        t.Commit(t.Join(applicant, "household-5"));
        var late = t.Vote(t.Members[3], applicant);
        Assert.True(pool.Add(late).Accepted);

        t.Commit(t.Vote(t.Members[0], applicant), t.Vote(t.Members[1], applicant), t.Vote(t.Members[2], applicant));

        Assert.False(pool.Contains(late.Hash));
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void Money_is_conserved_through_joins_rejections_leaves_and_evictions()
    {
        var t = new MembershipChain(members: 5, applicants: 2);
        var supply = t.Supply();
        var (a, b) = (t.Applicants[0], t.Applicants[1]);
        t.Commit(t.Join(a, "household-a", deposit: 7_000_001), t.Join(b, "household-b", deposit: 9_999_999));
        Assert.Equal(supply, t.Supply());
        Assert.Equal(7_000_001UL + 9_999_999, t.Chain.GetAccount(SystemAddresses.MembershipEscrow).Balance);

        t.Commit(t.Vote(t.Members[0], a), t.Vote(t.Members[1], a), t.Vote(t.Members[2], a), t.Vote(t.Members[3], a),
            t.Vote(t.Members[0], b, approve: false), t.Vote(t.Members[1], b, approve: false));
        Assert.Equal(supply, t.Supply());
        Assert.Equal(MembershipChain.Funds, t.Chain.GetAccount(b.Address).Balance);

        t.Commit();
        t.Commit();
        t.Commit(t.Tx(a, new MemberLeavePayload()), t.Tx(t.Members[0], new MemberEvictPayload(t.Members[4].Address, "left town")));

        // Until its leave takes effect the leaver still counts: 4 approvals of 6 members is not more than two thirds.
        t.Commit(t.Vote(t.Members[1], t.Members[4]), t.Vote(t.Members[2], t.Members[4]), t.Vote(t.Members[3], t.Members[4]));
        Assert.Single(t.State.Proposals);

        // Once it has left, the same four approvals are four of five: the new set's tally decides at the change.
        t.Commit();
        Assert.Empty(t.State.Proposals);
        Assert.Equal(t.Members[4].Address, Assert.Single(t.State.Pending).Member.Address);
        for (var i = 0; i < 3; i++)
        {
            t.Commit();
            Assert.Equal(supply, t.Supply());
        }

        Assert.Equal(4, t.State.Members.Count);
        Assert.Equal(0UL, t.Chain.GetAccount(SystemAddresses.MembershipEscrow).Balance);
        Assert.Equal(MembershipChain.Funds, t.Chain.GetAccount(a.Address).Balance);
    }
}
