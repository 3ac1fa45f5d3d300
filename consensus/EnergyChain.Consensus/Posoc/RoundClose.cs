using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// What the first block of a round closes: the previous round's aggregate (no weights when nobody sent an
/// update), the mLAG that aggregated it and the mining fees it collected (eq. 4.20). It is the block's consensus
/// data; every validator recomputes it. Encoding: <c>u8 version=1 | u64 closed round | 20 mLAG | u64 fees collected
/// | u32 contributors | 32 model hash | u32 n | n x i32 weights</c>.
/// </summary>
public sealed record RoundClose(ulong ClosedRound, Address Mlag, ulong FeesCollectedMicro, int Contributors, Hash256 ModelHash, int[] Weights)
{
    private const byte Version = 1;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(96 + (Weights.Length * 4));
        writer.WriteU8(Version);
        writer.WriteU64(ClosedRound);
        Span<byte> address = stackalloc byte[Address.Size];
        Mlag.CopyTo(address);
        writer.WriteFixed(address);
        writer.WriteU64(FeesCollectedMicro);
        writer.WriteU32((uint)Contributors);
        Span<byte> hash = stackalloc byte[Hash256.Size];
        ModelHash.CopyTo(hash);
        writer.WriteFixed(hash);
        writer.WriteFixed(ModelUpdatePayload.EncodeWeights(Weights));
        return writer.ToArray();
    }

    public static RoundClose Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        if (reader.ReadU8() != Version)
        {
            throw new DecodeException(DecodeError.UnsupportedVersion, "round close version");
        }

        var round = reader.ReadU64();
        var mlag = new Address(reader.ReadFixed(Address.Size, "mLAG"));
        var fees = reader.ReadU64();
        var contributors = (int)reader.ReadU32();
        var hash = new Hash256(reader.ReadFixed(Hash256.Size, "model hash"));
        var weights = GlobalModel.ReadWeights(ref reader);
        reader.EnsureEnd("round close");
        return new RoundClose(round, mlag, fees, contributors, hash, weights);
    }
}
