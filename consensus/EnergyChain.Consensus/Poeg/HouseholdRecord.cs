using EnergyChain.Core.Codec;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// A household's PoEG record: its registered grid location and its latest forecast (slot 0 = none yet).
/// Encoding: <c>u8 version=1 | i64 x | i64 y | u64 forecast slot | u64 production Wh | u64 consumption Wh</c>.
/// </summary>
public sealed record HouseholdRecord(long XMetres, long YMetres, ulong ForecastSlot, ulong ProductionWh, ulong ConsumptionWh)
{
    private const byte Version = 1;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(1 + (5 * 8));
        writer.WriteU8(Version);
        writer.WriteI64(XMetres);
        writer.WriteI64(YMetres);
        writer.WriteU64(ForecastSlot);
        writer.WriteU64(ProductionWh);
        writer.WriteU64(ConsumptionWh);
        return writer.ToArray();
    }

    public static HouseholdRecord Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var version = reader.ReadU8();
        if (version != Version)
        {
            throw new DecodeException(DecodeError.UnsupportedVersion, $"household record version {version}");
        }

        var record = new HouseholdRecord(reader.ReadI64(), reader.ReadI64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64());
        reader.EnsureEnd("household record");
        return record;
    }
}
