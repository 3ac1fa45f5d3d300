using EnergyChain.Core.Blocks;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Transactions;

/// <summary>
/// Proof that a producer misbehaved, submitted (and paid for) by anyone. For <see cref="EvidenceKind.DoubleSign"/>
/// it carries two full block headers (with their signatures): one producer, one height, one slot, two hashes.
/// Encoding: <c>u8 kind=1 | u32 len + header | u32 len + header</c>, each header in its canonical encoding.
/// The decoder checks only the structure; <c>BlockExecutor.CheckStateless</c> checks the proof itself.
/// </summary>
public sealed record EvidencePayload(EvidenceKind Kind, BlockHeader First, BlockHeader Second) : TxPayload
{
    /// <summary>Largest encoded header accepted (fixed fields, consensus data at its limit, signature).</summary>
    public const int MaxHeaderSize = 1 + 8 + 32 + 8 + 8 + PublicKey.Size + 32 + 32 + 4 + BlockHeader.MaxConsensusDataSize + Crypto.Signature.Size;

    public override TxType Type => TxType.Evidence;

    /// <summary>The height of the offence.</summary>
    public ulong Height => First.Height;

    /// <summary>Double-sign evidence from two conflicting headers.</summary>
    public static EvidencePayload DoubleSign(BlockHeader first, BlockHeader second) => new(EvidenceKind.DoubleSign, first, second);

    internal override void Write(CanonicalWriter writer)
    {
        writer.WriteU8((byte)Kind);
        WriteHeader(writer, First);
        WriteHeader(writer, Second);
    }

    internal static EvidencePayload Read(ref CanonicalReader reader)
    {
        var kind = reader.ReadU8();
        if (kind != (byte)EvidenceKind.DoubleSign)
        {
            throw new DecodeException(DecodeError.UnknownType, $"evidence kind {kind} is not known");
        }

        var first = ReadHeader(reader.ReadBytes(MaxHeaderSize, "evidence first header"), "first");
        var second = ReadHeader(reader.ReadBytes(MaxHeaderSize, "evidence second header"), "second");
        return new EvidencePayload(EvidenceKind.DoubleSign, first, second);
    }

    private static void WriteHeader(CanonicalWriter writer, BlockHeader header)
    {
        var inner = new CanonicalWriter(256 + header.ConsensusData.Length);
        header.Write(inner);
        writer.WriteBytes(inner.WrittenSpan);
    }

    private static BlockHeader ReadHeader(ReadOnlySpan<byte> bytes, string which)
    {
        var reader = new CanonicalReader(bytes);
        BlockHeader header;
        try
        {
            header = BlockHeader.Read(ref reader);
            reader.EnsureEnd($"evidence {which} header");
        }
        catch (DecodeException e)
        {
            throw new DecodeException(e.Error, $"evidence {which} header: {e.Message}");
        }

        return header;
    }
}
