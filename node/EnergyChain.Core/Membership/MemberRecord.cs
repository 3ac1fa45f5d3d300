using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Membership;

/// <summary>
/// One member of the permissioned network as chain state holds it: the node key that connects, votes and produces,
/// the smart meter's key (households; the only key whose readings count for it), its role, where it connects to the
/// grid (a household's feeder or bus, an EV's charging site), the deposit it locked to join (returned when it leaves)
/// and the height from which it counts.
/// Encoding: <c>ascii name | 33 node key | u8 has meter [| 33 meter] | u8 role | ascii location | u64 deposit | u64 since</c>.
/// </summary>
public sealed record MemberRecord(string Name, PublicKey NodeKey, PublicKey? Meter, MemberRole Role, string Location, ulong Deposit, ulong SinceHeight)
{
    public const int MaxNameLength = 64;
    public const int MaxLocationLength = 64;

    public Address Address => NodeKey.Address;

    /// <summary>Why <paramref name="name"/> cannot name a member, or null: 1 to 64 characters of a-z, 0-9, '-', '_' or '.'.</summary>
    public static string? NameError(string name) =>
        name.Length is 0 or > MaxNameLength || !name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.')
            ? $"a member name is 1 to {MaxNameLength} characters of a-z, 0-9, '-', '_' or '.'"
            : null;

    /// <summary>Why <paramref name="location"/> cannot be a grid location, or null: up to 64 printable ASCII characters.</summary>
    public static string? LocationError(string location) =>
        location.Length > MaxLocationLength || !location.All(c => c is >= ' ' and <= '~')
            ? $"a grid location is up to {MaxLocationLength} printable ASCII characters"
            : null;

    internal void Write(CanonicalWriter writer)
    {
        writer.WriteShortAscii(Name);
        writer.WriteFixed(NodeKey.Span);
        writer.WriteU8(Meter is null ? (byte)0 : (byte)1);
        if (Meter is not null)
        {
            writer.WriteFixed(Meter.Span);
        }

        writer.WriteU8((byte)Role);
        writer.WriteShortAscii(Location);
        writer.WriteU64(Deposit);
        writer.WriteU64(SinceHeight);
    }

    internal static MemberRecord Read(ref CanonicalReader reader)
    {
        var name = reader.ReadShortAscii(MaxNameLength, "member name");
        var key = ReadKey(ref reader, "member node key");
        var meter = reader.ReadU8() switch
        {
            0 => null,
            1 => ReadKey(ref reader, "member meter key"),
            var flag => throw new DecodeException(DecodeError.InvalidValue, $"member meter flag {flag} is not 0 or 1"),
        };
        var role = (MemberRole)reader.ReadU8();
        if (!Enum.IsDefined(role))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"member role {(byte)role} is unknown");
        }

        return new MemberRecord(name, key, meter, role, reader.ReadShortAscii(MaxLocationLength, "member location"), reader.ReadU64(), reader.ReadU64());
    }

    internal static PublicKey ReadKey(ref CanonicalReader reader, string what)
    {
        var bytes = reader.ReadFixed(PublicKey.Size, what);
        if (!PublicKey.HasValidShape(bytes))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"{what} is not a compressed secp256k1 key");
        }

        return PublicKey.FromBytes(bytes);
    }
}
