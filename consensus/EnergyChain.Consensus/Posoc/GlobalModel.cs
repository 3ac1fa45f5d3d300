using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Posoc;

/// <summary>The global model after aggregating round <see cref="Round"/>'s updates from <see cref="Contributors"/> EVs.</summary>
public sealed record GlobalModel(ulong Round, int Contributors, int[] Weights)
{
    public Hash256 Hash => Federated.ModelHash.Compute(Weights);

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(16 + (Weights.Length * 4));
        writer.WriteU64(Round);
        writer.WriteU32((uint)Contributors);
        writer.WriteFixed(ModelUpdatePayload.EncodeWeights(Weights));
        return writer.ToArray();
    }

    public static GlobalModel Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var round = reader.ReadU64();
        var contributors = (int)reader.ReadU32();
        var weights = ReadWeights(ref reader);
        reader.EnsureEnd("global model");
        return new GlobalModel(round, contributors, weights);
    }

    internal static int[] ReadWeights(ref CanonicalReader reader)
    {
        var count = reader.ReadU32();
        if (count > (uint)(reader.Remaining / 4))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"{count} model weights do not fit the remaining bytes");
        }

        var weights = new int[count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = unchecked((int)reader.ReadU32());
        }

        return weights;
    }
}
