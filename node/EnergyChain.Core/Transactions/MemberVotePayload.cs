using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Transactions;

/// <summary>
/// A member's vote (or, under operator admission, the operator's decision) on the open proposal about
/// <paramref name="Subject"/>: an applicant's join request or a member's eviction.
/// Encoding: <c>20 subject | u8 approve (0 or 1)</c>.
/// </summary>
public sealed record MemberVotePayload(Address Subject, bool Approve) : TxPayload
{
    public override TxType Type => TxType.MemberVote;

    internal override void Write(CanonicalWriter writer)
    {
        Span<byte> subject = stackalloc byte[Address.Size];
        Subject.CopyTo(subject);
        writer.WriteFixed(subject);
        writer.WriteU8(Approve ? (byte)1 : (byte)0);
    }

    internal static MemberVotePayload Read(ref CanonicalReader reader)
    {
        var subject = new Address(reader.ReadFixed(Address.Size, "vote subject"));
        return reader.ReadU8() switch
        {
            0 => new MemberVotePayload(subject, false),
            1 => new MemberVotePayload(subject, true),
            var flag => throw new DecodeException(DecodeError.InvalidValue, $"vote flag {flag} is not 0 or 1"),
        };
    }
}
