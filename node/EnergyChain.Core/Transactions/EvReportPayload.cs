using EnergyChain.Core.Codec;

namespace EnergyChain.Core.Transactions;

/// <summary>
/// An EV's state for PoSOC: state of charge and its maximum in parts per million of capacity, energy charged
/// and discharged during the last hour (Wh), and whether the EV is about to leave. Recorded on chain.
/// </summary>
public sealed record EvReportPayload(uint SocPpm, uint MaxSocPpm, ulong ChargedWh, ulong DischargedWh, bool Departing) : TxPayload
{
    public const uint FullPpm = 1_000_000;

    public override TxType Type => TxType.EvReport;

    internal override void Write(CanonicalWriter writer)
    {
        writer.WriteU32(SocPpm);
        writer.WriteU32(MaxSocPpm);
        writer.WriteU64(ChargedWh);
        writer.WriteU64(DischargedWh);
        writer.WriteU8(Departing ? (byte)1 : (byte)0);
    }

    internal static EvReportPayload Read(ref CanonicalReader reader)
    {
        var soc = reader.ReadU32();
        var max = reader.ReadU32();
        var charged = reader.ReadU64();
        var discharged = reader.ReadU64();
        var departing = reader.ReadU8();
        if (soc > FullPpm || max > FullPpm)
        {
            throw new DecodeException(DecodeError.InvalidValue, "EV report: state of charge above 1,000,000 ppm");
        }

        if (departing > 1)
        {
            throw new DecodeException(DecodeError.InvalidValue, "EV report: departing flag must be 0 or 1");
        }

        return new EvReportPayload(soc, max, charged, discharged, departing == 1);
    }
}
