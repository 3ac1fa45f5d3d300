using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Membership;

namespace EnergyChain.Core.Transactions;

/// <summary>
/// A request to join the network, signed by the new node's key (the key that will connect, vote and produce). It
/// names the node, its smart meter's key (a household's readings are accepted only from it), its role and where it
/// connects to the grid (a household's feeder or bus, an EV's charging site), and locks <paramref name="Deposit"/>
/// from the sender's balance in the membership escrow until the request is rejected or the member leaves.
/// Encoding: <c>ascii name | u8 has meter [| 33 meter] | u8 role | ascii location | u64 deposit</c>.
/// </summary>
public sealed record MemberJoinPayload(string Name, PublicKey? Meter, MemberRole Role, string Location, ulong Deposit) : TxPayload
{
    public override TxType Type => TxType.MemberJoin;

    internal override void Write(CanonicalWriter writer)
    {
        writer.WriteShortAscii(Name);
        writer.WriteU8(Meter is null ? (byte)0 : (byte)1);
        if (Meter is not null)
        {
            writer.WriteFixed(Meter.Span);
        }

        writer.WriteU8((byte)Role);
        writer.WriteShortAscii(Location);
        writer.WriteU64(Deposit);
    }

    internal static MemberJoinPayload Read(ref CanonicalReader reader)
    {
        var name = reader.ReadShortAscii(MemberRecord.MaxNameLength, "join name");
        var meter = reader.ReadU8() switch
        {
            0 => null,
            1 => MemberRecord.ReadKey(ref reader, "join meter key"),
            var flag => throw new DecodeException(DecodeError.InvalidValue, $"join meter flag {flag} is not 0 or 1"),
        };
        var role = (MemberRole)reader.ReadU8();
        if (!Enum.IsDefined(role))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"join role {(byte)role} is unknown");
        }

        return new MemberJoinPayload(name, meter, role, reader.ReadShortAscii(MemberRecord.MaxLocationLength, "join location"), reader.ReadU64());
    }
}
