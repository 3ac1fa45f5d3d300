using EnergyChain.Core.Codec;

namespace EnergyChain.Consensus.Posoc.V2v;

/// <summary>
/// The settlement of one hour's V2V trades (one entry per trade of its <see cref="V2vMatching"/>, same order), made
/// in the block that opens the hour <see cref="PosocParameters.SettlementDelayHours"/> later; part of that block's
/// consensus data. Encoding: <c>u64 hour | u32 t | t x (u8 reported flags | u64 seller Wh | u64 buyer Wh | u64
/// confirmed | u64 paid | u64 refund | u64 shortfall | u64 penalty | u64 penalty paid | u64 discrepancy | i64
/// profit)</c>.
/// </summary>
public sealed record V2vSettlement(ulong Hour, IReadOnlyList<V2vTradeSettlement> Trades)
{
    public void Write(CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteU64(Hour);
        writer.WriteU32((uint)Trades.Count);
        foreach (var t in Trades)
        {
            writer.WriteU8((byte)((t.SellerReportWh is null ? 0 : 1) | (t.BuyerReportWh is null ? 0 : 2)));
            writer.WriteU64(t.SellerReportWh ?? 0);
            writer.WriteU64(t.BuyerReportWh ?? 0);
            writer.WriteU64(t.ConfirmedWh);
            writer.WriteU64(t.PaidMicro);
            writer.WriteU64(t.RefundMicro);
            writer.WriteU64(t.ShortfallWh);
            writer.WriteU64(t.PenaltyMicro);
            writer.WriteU64(t.PenaltyPaidMicro);
            writer.WriteU64(t.DiscrepancyWh);
            writer.WriteI64(t.SellerProfitMicro);
        }
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(16 + (Trades.Count * 90));
        Write(writer);
        return writer.ToArray();
    }

    public static V2vSettlement Read(ref CanonicalReader reader)
    {
        var hour = reader.ReadU64();
        var count = reader.ReadU32();
        if (count > 200_000)
        {
            throw new DecodeException(DecodeError.TooLarge, $"V2V settlement of {count} trades");
        }

        var trades = new V2vTradeSettlement[count];
        for (var i = 0; i < trades.Length; i++)
        {
            var flags = reader.ReadU8();
            if (flags > 3)
            {
                throw new DecodeException(DecodeError.InvalidValue, $"V2V settlement report flags {flags}");
            }

            var seller = reader.ReadU64();
            var buyer = reader.ReadU64();
            trades[i] = new V2vTradeSettlement(
                (flags & 1) != 0 ? seller : null,
                (flags & 2) != 0 ? buyer : null,
                reader.ReadU64(),
                reader.ReadU64(),
                reader.ReadU64(),
                reader.ReadU64(),
                reader.ReadU64(),
                reader.ReadU64(),
                reader.ReadU64(),
                reader.ReadI64());
        }

        return new V2vSettlement(hour, trades);
    }

    public static V2vSettlement Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var settlement = Read(ref reader);
        reader.EnsureEnd("V2V settlement");
        return settlement;
    }
}
