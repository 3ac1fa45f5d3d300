using EnergyChain.Consensus.Posoc.V2v;
using EnergyChain.Core.Codec;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// The consensus data of a PoSOC block that opens an hour: the close of the previous federated round (when the
/// hour opens a round), the settlement of the V2V trades of two hours before, and the V2V matching of the hour. Empty
/// when there is none of these, as in every block inside an hour. Encoding: <c>u8 version=1 | u8 parts (1 close, 2
/// settlement, 4 matching) | each present part as u32-length-prefixed bytes, in that order</c>.
/// </summary>
public sealed record PosocBlockData(RoundClose? Close, V2vSettlement? Settlement, V2vMatching? Matching)
{
    private const byte Version = 1;
    private const int MaxPartBytes = 8 * 1024 * 1024;

    public bool IsEmpty => Close is null && Settlement is null && Matching is null;

    public byte[] Encode()
    {
        if (IsEmpty)
        {
            return [];
        }

        var writer = new CanonicalWriter(256);
        writer.WriteU8(Version);
        writer.WriteU8((byte)((Close is null ? 0 : 1) | (Settlement is null ? 0 : 2) | (Matching is null ? 0 : 4)));
        if (Close is not null)
        {
            writer.WriteBytes(Close.Encode());
        }

        if (Settlement is not null)
        {
            writer.WriteBytes(Settlement.Encode());
        }

        if (Matching is not null)
        {
            writer.WriteBytes(Matching.Encode());
        }

        return writer.ToArray();
    }

    public static PosocBlockData Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return new PosocBlockData(null, null, null);
        }

        var reader = new CanonicalReader(bytes);
        if (reader.ReadU8() != Version)
        {
            throw new DecodeException(DecodeError.UnsupportedVersion, "PoSOC block data version");
        }

        var parts = reader.ReadU8();
        if (parts is 0 or > 7)
        {
            throw new DecodeException(DecodeError.InvalidValue, $"PoSOC block data parts {parts}");
        }

        var close = (parts & 1) != 0 ? RoundClose.Decode(reader.ReadBytes(MaxPartBytes, "round close")) : null;
        var settlement = (parts & 2) != 0 ? V2vSettlement.Decode(reader.ReadBytes(MaxPartBytes, "V2V settlement")) : null;
        var matching = (parts & 4) != 0 ? V2vMatching.Decode(reader.ReadBytes(MaxPartBytes, "V2V matching")) : null;
        reader.EnsureEnd("PoSOC block data");
        return new PosocBlockData(close, settlement, matching);
    }
}
