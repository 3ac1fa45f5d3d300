using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Membership;

namespace EnergyChain.Core.Transactions;

/// <summary>
/// A member's proposal to evict <paramref name="Subject"/> (for example a household whose node has been offline for
/// weeks), with a short reason for the record. The proposer's own vote approves it.
/// Encoding: <c>20 subject | ascii reason</c>.
/// </summary>
public sealed record MemberEvictPayload(Address Subject, string Reason) : TxPayload
{
    public override TxType Type => TxType.MemberEvict;

    internal override void Write(CanonicalWriter writer)
    {
        Span<byte> subject = stackalloc byte[Address.Size];
        Subject.CopyTo(subject);
        writer.WriteFixed(subject);
        writer.WriteShortAscii(Reason);
    }

    internal static MemberEvictPayload Read(ref CanonicalReader reader) =>
        new(new Address(reader.ReadFixed(Address.Size, "eviction subject")), reader.ReadShortAscii(MembershipProposal.MaxReasonLength, "eviction reason"));
}
