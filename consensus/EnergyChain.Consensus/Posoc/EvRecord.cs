using EnergyChain.Core.Codec;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// An EV's PoSOC record: whether it has departed, the hour of its last report (+1; 0 = never), its hourly scores of
/// the last 24 hours, its profit in the current round, and the mining fee it still owes (Fig. 4.5: an EV that owes
/// a fee is not elected until it has paid).
/// Encoding: <c>u8 version=1 | u8 departed | u64 last report hour + 1 | u64 profit round + 1 | i64 profit |
/// u64 fee due | u8 n | n x (u64 hour | i64 score)</c>.
/// </summary>
public sealed record EvRecord(bool Departed, ulong LastReportHourPlusOne, ulong ProfitRoundPlusOne, long ProfitMicro, ulong FeeDueMicro, IReadOnlyList<HourlyScore> Scores)
{
    private const byte Version = 1;

    public static EvRecord Empty { get; } = new(false, 0, 0, 0, 0, []);

    public long CumulativeScore(ulong currentHour) => PosocScore.Cumulative(Scores, (long)currentHour);

    /// <summary>Profit made in <paramref name="round"/> (0 when the record is of another round).</summary>
    public long ProfitIn(ulong round) => ProfitRoundPlusOne == round + 1 ? ProfitMicro : 0;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(64 + (Scores.Count * 16));
        writer.WriteU8(Version);
        writer.WriteU8(Departed ? (byte)1 : (byte)0);
        writer.WriteU64(LastReportHourPlusOne);
        writer.WriteU64(ProfitRoundPlusOne);
        writer.WriteI64(ProfitMicro);
        writer.WriteU64(FeeDueMicro);
        writer.WriteU8((byte)Scores.Count);
        foreach (var score in Scores)
        {
            writer.WriteU64((ulong)score.Hour);
            writer.WriteI64(score.MicroPoints);
        }

        return writer.ToArray();
    }

    public static EvRecord Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        if (reader.ReadU8() != Version)
        {
            throw new DecodeException(DecodeError.UnsupportedVersion, "EV record version");
        }

        var departed = reader.ReadU8() == 1;
        var reportHour = reader.ReadU64();
        var profitRound = reader.ReadU64();
        var profit = reader.ReadI64();
        var feeDue = reader.ReadU64();
        var count = reader.ReadU8();
        var scores = new HourlyScore[count];
        for (var i = 0; i < count; i++)
        {
            scores[i] = new HourlyScore((long)reader.ReadU64(), reader.ReadI64());
        }

        reader.EnsureEnd("EV record");
        return new EvRecord(departed, reportHour, profitRound, profit, feeDue, scores);
    }
}
