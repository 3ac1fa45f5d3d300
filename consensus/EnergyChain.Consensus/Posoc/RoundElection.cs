using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// The mLAG election of a round (eq. 4.17-4.18): the seed (the parent hash of the round's first block) and the weight
/// of every member when the round opened, its 24-hour score (0 for an EV that owes a fee), in canonical member order.
/// Fixed for the round, so one mLAG serves the whole round. Each weight names its member: the member set changes at
/// its own heights, so a position in today's list need not be the same member as when the round opened.
/// Encoding: <c>u64 round | 32 seed | u32 n | n x (33 member key | u64 weight)</c>.
/// </summary>
public sealed record RoundElection(ulong Round, Hash256 Seed, IReadOnlyList<(PublicKey Member, ulong Weight)> Entries)
{
    private const int EntrySize = PublicKey.Size + 8;

    /// <summary>The weight <paramref name="member"/> had when the round opened; 0 for one that was no member then.</summary>
    public ulong WeightOf(PublicKey member)
    {
        foreach (var (key, weight) in Entries)
        {
            if (key.Equals(member))
            {
                return weight;
            }
        }

        return 0;
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(48 + (Entries.Count * EntrySize));
        writer.WriteU64(Round);
        Span<byte> seed = stackalloc byte[Hash256.Size];
        Seed.CopyTo(seed);
        writer.WriteFixed(seed);
        writer.WriteU32((uint)Entries.Count);
        foreach (var (member, weight) in Entries)
        {
            writer.WriteFixed(member.Span);
            writer.WriteU64(weight);
        }

        return writer.ToArray();
    }

    public static RoundElection Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var round = reader.ReadU64();
        var seed = new Hash256(reader.ReadFixed(Hash256.Size, "seed"));
        var count = reader.ReadU32();
        if (count > (uint)(reader.Remaining / EntrySize))
        {
            throw new DecodeException(DecodeError.InvalidValue, "round election entries");
        }

        var entries = new (PublicKey, ulong)[count];
        for (var i = 0; i < entries.Length; i++)
        {
            var key = reader.ReadFixed(PublicKey.Size, "election member");
            if (!PublicKey.HasValidShape(key))
            {
                throw new DecodeException(DecodeError.InvalidValue, "election member is not a compressed secp256k1 key");
            }

            entries[i] = (PublicKey.FromBytes(key), reader.ReadU64());
        }

        reader.EnsureEnd("round election");
        return new RoundElection(round, seed, entries);
    }
}
