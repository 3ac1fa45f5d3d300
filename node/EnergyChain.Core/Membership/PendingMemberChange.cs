using EnergyChain.Core.Codec;

namespace EnergyChain.Core.Membership;

/// <summary>An approved change waiting for its height: from <see cref="EffectiveHeight"/> on, <see cref="Member"/> is in (or out of) the set.</summary>
public sealed record PendingMemberChange(ulong EffectiveHeight, MemberChange Change, MemberRecord Member)
{
    internal void Write(CanonicalWriter writer)
    {
        writer.WriteU64(EffectiveHeight);
        writer.WriteU8((byte)Change);
        Member.Write(writer);
    }

    internal static PendingMemberChange Read(ref CanonicalReader reader)
    {
        var height = reader.ReadU64();
        var change = (MemberChange)reader.ReadU8();
        if (!Enum.IsDefined(change))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"member change {(byte)change} is unknown");
        }

        return new PendingMemberChange(height, change, MemberRecord.Read(ref reader));
    }
}
