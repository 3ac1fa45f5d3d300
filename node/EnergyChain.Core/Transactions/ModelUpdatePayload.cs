using System.Buffers.Binary;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Transactions;

/// <summary>
/// An EV's local federated-learning update for PoSOC (thesis section 4.3.4): the model weights it trained in
/// <see cref="Round"/>, in fixed point Q16.16 (<see cref="FractionBits"/>), so that every validator re-computes
/// the aggregate (FedAvg, eq. 4.19) from the same integers. <see cref="SampleCount"/> is the local data size
/// n_k that weighs the update in FedAvg; <see cref="ShapeId"/> names the model architecture
/// (<see cref="ShapeIdOf"/>) so updates of different shapes are never averaged together.
/// Encoding: <c>u64 round | u64 sample count | u32 shape id | u32 count | count x i32 weight</c> (big-endian,
/// two's complement). Recorded on chain with no balance effect; the PoSOC engine checks round and shape.
/// <para>
/// Equality compares the weights element by element. The array is not copied: do not mutate it after building
/// a transaction with it.
/// </para>
/// </summary>
public sealed record ModelUpdatePayload(ulong Round, ulong SampleCount, uint ShapeId, int[] Weights) : TxPayload
{
    /// <summary>Fraction bits of the Q16.16 weights: a weight w stands for w / 65,536.</summary>
    public const int FractionBits = 16;

    /// <summary>1.0 in Q16.16. Converting float weights is the EV side's job (<c>EnergyChain.EvLearning.Q16</c>).</summary>
    public const int One = 1 << FractionBits;

    /// <summary>
    /// Most weights one update may carry: 16,384 x 4 bytes = 64 KiB, so a model update stays well inside
    /// <see cref="Transaction.MaxEncodedSize"/> (128 KiB) together with its header and signature.
    /// </summary>
    public const int MaxParameters = 16_384;

    /// <summary>Bytes before the weights: round, sample count, shape id, count.</summary>
    public const int HeaderSize = 8 + 8 + 4 + 4;

    private static readonly byte[] ShapeTag = "EnergyChain/model-shape/v1"u8.ToArray();

    public override TxType Type => TxType.ModelUpdate;

    /// <summary>
    /// A 32-bit identifier of a model shape description (e.g. <c>"mlp:6-64-64-2"</c>): the first four bytes,
    /// big-endian, of SHA-256("EnergyChain/model-shape/v1" || UTF-8 of <paramref name="shape"/>).
    /// </summary>
    public static uint ShapeIdOf(string shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Span<byte> digest = stackalloc byte[Hash256.Size];
        Hash256.ComputeTagged(ShapeTag, System.Text.Encoding.UTF8.GetBytes(shape)).CopyTo(digest);
        return BinaryPrimitives.ReadUInt32BigEndian(digest);
    }

    /// <summary>
    /// The canonical encoding of a weight vector alone, <c>u32 count | count x i32</c>: the tail of this
    /// payload's encoding, and what model hashes are computed over.
    /// </summary>
    public static byte[] EncodeWeights(ReadOnlySpan<int> weights)
    {
        var bytes = new byte[4 + (weights.Length * 4)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)weights.Length);
        var span = bytes.AsSpan(4);
        for (var i = 0; i < weights.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(span[(i * 4)..], weights[i]);
        }

        return bytes;
    }

    public bool Equals(ModelUpdatePayload? other) =>
        other is not null && Round == other.Round && SampleCount == other.SampleCount && ShapeId == other.ShapeId
        && Weights.AsSpan().SequenceEqual(other.Weights);

    public override int GetHashCode() => HashCode.Combine(Round, SampleCount, ShapeId, Weights?.Length ?? 0);

    internal override void Write(CanonicalWriter writer)
    {
        // Refuse to sign what no node would decode.
        ArgumentNullException.ThrowIfNull(Weights);
        if (Weights.Length > MaxParameters)
        {
            throw new ArgumentException($"model update: {Weights.Length} weights exceed the maximum {MaxParameters}");
        }

        if (SampleCount == 0)
        {
            throw new ArgumentException("model update: the sample count must be at least 1");
        }

        writer.WriteU64(Round);
        writer.WriteU64(SampleCount);
        writer.WriteU32(ShapeId);
        writer.WriteFixed(EncodeWeights(Weights));
    }

    internal static ModelUpdatePayload Read(ref CanonicalReader reader)
    {
        var round = reader.ReadU64();
        var samples = reader.ReadU64();
        var shape = reader.ReadU32();
        var count = reader.ReadU32();
        if (samples == 0)
        {
            throw new DecodeException(DecodeError.InvalidValue, "model update: the sample count must be at least 1");
        }

        if (count > MaxParameters)
        {
            throw new DecodeException(DecodeError.TooLarge, $"model update: {count} weights exceed the maximum {MaxParameters}");
        }

        // The count must describe exactly the bytes that follow: no short reads, no trailing garbage.
        var needed = (long)count * 4;
        if (needed != reader.Remaining)
        {
            throw new DecodeException(
                needed > reader.Remaining ? DecodeError.Truncated : DecodeError.TrailingBytes,
                $"model update: {count} weights need {needed} bytes but {reader.Remaining} remain");
        }

        var raw = reader.ReadFixed((int)needed, "model update weights");
        var weights = new int[count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = BinaryPrimitives.ReadInt32BigEndian(raw[(i * 4)..]);
        }

        return new ModelUpdatePayload(round, samples, shape, weights);
    }
}
