using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// The mLAG election of a round (eq. 4.17-4.18): the seed (the parent hash of the round's first block) and every
/// member's weight, its 24-hour score when the round opened (0 for an EV that owes a fee). Fixed for the round, so
/// one mLAG serves the whole round. Encoding: <c>u64 round | 32 seed | u32 n | n x u64 weight</c> (canonical member order).
/// </summary>
public sealed record RoundElection(ulong Round, Hash256 Seed, ulong[] Weights)
{
    public byte[] Encode()
    {
        var writer = new CanonicalWriter(48 + (Weights.Length * 8));
        writer.WriteU64(Round);
        Span<byte> seed = stackalloc byte[Hash256.Size];
        Seed.CopyTo(seed);
        writer.WriteFixed(seed);
        writer.WriteU32((uint)Weights.Length);
        foreach (var weight in Weights)
        {
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
        if (count > (uint)(reader.Remaining / 8))
        {
            throw new DecodeException(DecodeError.InvalidValue, "round election weights");
        }

        var weights = new ulong[count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = reader.ReadU64();
        }

        reader.EnsureEnd("round election");
        return new RoundElection(round, seed, weights);
    }
}
