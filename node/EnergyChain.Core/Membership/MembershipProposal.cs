using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Membership;

/// <summary>
/// An open proposal to change the member set: a join request (<see cref="Member"/> is the applicant as it would be
/// recorded, its deposit already held in escrow) or an eviction (<see cref="Member"/> is the member to remove), with
/// the votes cast so far in the order they were cast.
/// Encoding: <c>u8 kind | member | 20 proposer | u64 opened height | ascii reason | u32 n | n x (20 voter | u8 approve)</c>.
/// </summary>
public sealed record MembershipProposal(ProposalKind Kind, MemberRecord Member, Address Proposer, ulong OpenedHeight, string Reason, IReadOnlyList<MemberVote> Votes)
{
    public const int MaxReasonLength = 64;

    public Address Subject => Member.Address;

    internal void Write(CanonicalWriter writer)
    {
        writer.WriteU8((byte)Kind);
        Member.Write(writer);
        Span<byte> address = stackalloc byte[Address.Size];
        Proposer.CopyTo(address);
        writer.WriteFixed(address);
        writer.WriteU64(OpenedHeight);
        writer.WriteShortAscii(Reason);
        writer.WriteU32((uint)Votes.Count);
        foreach (var vote in Votes)
        {
            vote.Voter.CopyTo(address);
            writer.WriteFixed(address);
            writer.WriteU8(vote.Approve ? (byte)1 : (byte)0);
        }
    }

    internal static MembershipProposal Read(ref CanonicalReader reader)
    {
        var kind = (ProposalKind)reader.ReadU8();
        if (!Enum.IsDefined(kind))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"proposal kind {(byte)kind} is unknown");
        }

        var member = MemberRecord.Read(ref reader);
        var proposer = new Address(reader.ReadFixed(Address.Size, "proposer"));
        var opened = reader.ReadU64();
        var reason = reader.ReadShortAscii(MaxReasonLength, "proposal reason");
        var count = reader.ReadU32();
        if (count > MembershipRules.MaxMembersLimit)
        {
            throw new DecodeException(DecodeError.TooLarge, $"{count} votes on one proposal");
        }

        var votes = new MemberVote[count];
        for (var i = 0; i < votes.Length; i++)
        {
            votes[i] = new MemberVote(new Address(reader.ReadFixed(Address.Size, "voter")), reader.ReadU8() == 1);
        }

        return new MembershipProposal(kind, member, proposer, opened, reason, votes);
    }
}
