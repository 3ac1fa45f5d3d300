using EnergyChain.Core.Codec;

namespace EnergyChain.Consensus.Posoc.V2v;

/// <summary>
/// An EV's settled V2V trading since genesis: energy sold and bought (confirmed), money received and spent,
/// penalties charged, reading discrepancies (count and Wh, recorded against both parties of a trade), and realised
/// profit R_t. Encoding: <c>u8 version=1 | u64 sold | u64 bought | u64 revenue | u64 spent | u64 penalties | u64
/// discrepancies | u64 discrepancy Wh | i64 profit | u64 trades</c>.
/// </summary>
public sealed record V2vTotals(
    ulong SoldWh, ulong BoughtWh, ulong RevenueMicro, ulong SpentMicro, ulong PenaltiesMicro, ulong Discrepancies, ulong DiscrepancyWh, long ProfitMicro, ulong Trades)
{
    private const byte Version = 1;

    public static V2vTotals Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(80);
        writer.WriteU8(Version);
        writer.WriteU64(SoldWh);
        writer.WriteU64(BoughtWh);
        writer.WriteU64(RevenueMicro);
        writer.WriteU64(SpentMicro);
        writer.WriteU64(PenaltiesMicro);
        writer.WriteU64(Discrepancies);
        writer.WriteU64(DiscrepancyWh);
        writer.WriteI64(ProfitMicro);
        writer.WriteU64(Trades);
        return writer.ToArray();
    }

    public static V2vTotals Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        if (reader.ReadU8() != Version)
        {
            throw new DecodeException(DecodeError.UnsupportedVersion, "V2V totals version");
        }

        var totals = new V2vTotals(reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadI64(), reader.ReadU64());
        reader.EnsureEnd("V2V totals");
        return totals;
    }
}
