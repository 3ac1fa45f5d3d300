using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Membership;

namespace EnergyChain.Core.Tests.Membership;

public sealed class MembershipStateTests
{
    private static MemberRecord Member(int i, PublicKey? meter = null) =>
        new($"member-{i}", PrivateKey.FromSeed($"state/member/{i}").PublicKey, meter, i % 2 == 0 ? MemberRole.Household : MemberRole.Ev, $"site-{i}", (ulong)i * 1000, (ulong)i);

    private static MembershipState Sample() => new(
        MembershipState.Canonical([Member(0, PrivateKey.FromSeed("state/meter").PublicKey), Member(1), Member(2)]),
        [new MembershipProposal(ProposalKind.Evict, Member(2), Member(0).Address, 9, "gone", [new MemberVote(Member(0).Address, true), new MemberVote(Member(1).Address, false)])],
        [new PendingMemberChange(11, MemberChange.Add, Member(3)), new PendingMemberChange(12, MemberChange.Remove, Member(1))]);

    [Fact]
    public void The_record_round_trips_and_refuses_trailing_bytes_and_unknown_versions()
    {
        var state = Sample();
        var bytes = state.Encode();
        var decoded = MembershipState.Decode(bytes);
        Assert.Equal(bytes, decoded.Encode());
        Assert.Equal(state.Members, decoded.Members);
        Assert.Equal(state.Pending, decoded.Pending);
        Assert.Equal(state.Proposals[0].Votes, decoded.Proposals[0].Votes);

        Assert.Equal(DecodeError.TrailingBytes, Assert.Throws<DecodeException>(() => MembershipState.Decode([.. bytes, 0])).Error);
        bytes[0] = 9;
        Assert.Equal(DecodeError.UnsupportedVersion, Assert.Throws<DecodeException>(() => MembershipState.Decode(bytes)).Error);
    }

    [Fact]
    public void Pending_changes_apply_from_their_height_on_in_canonical_order()
    {
        var state = Sample();
        Assert.Same(state, state.Due(10));
        var at11 = state.Due(11);
        Assert.Equal(4, at11.Members.Count);
        Assert.Equal(11UL, at11.Members.Single(m => m.Name == "member-3").SinceHeight);
        Assert.Single(at11.Pending);
        var at12 = state.Due(12);
        Assert.DoesNotContain(at12.Members, m => m.Name == "member-1");
        Assert.Empty(at12.Pending);
        Assert.Equal(MembershipState.Canonical(at12.Members), at12.Members);
        Assert.Equal(3, state.EventualCount);
    }
}
