using EnergyChain.Core.Codec;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// A household's PoEG record: its registered grid location, its latest order (forecast and price limits, with the
/// defaults already applied; slot 0 = none yet) and its meter's latest reading (slot 0 = none yet).
/// Encoding: <c>u8 version=2 | i64 x | i64 y | u64 forecast slot | u64 production Wh | u64 consumption Wh |
/// u64 min sell | u64 max buy | u64 reading slot | u64 produced Wh | u64 consumed Wh</c>.
/// </summary>
public sealed record HouseholdRecord(
    long XMetres,
    long YMetres,
    ulong ForecastSlot,
    ulong ProductionWh,
    ulong ConsumptionWh,
    ulong MinSellMicroPerWh = 0,
    ulong MaxBuyMicroPerWh = 0,
    ulong ReadingSlot = 0,
    ulong ProducedWh = 0,
    ulong ConsumedWh = 0)
{
    private const byte Version = 2;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(1 + (10 * 8));
        writer.WriteU8(Version);
        writer.WriteI64(XMetres);
        writer.WriteI64(YMetres);
        writer.WriteU64(ForecastSlot);
        writer.WriteU64(ProductionWh);
        writer.WriteU64(ConsumptionWh);
        writer.WriteU64(MinSellMicroPerWh);
        writer.WriteU64(MaxBuyMicroPerWh);
        writer.WriteU64(ReadingSlot);
        writer.WriteU64(ProducedWh);
        writer.WriteU64(ConsumedWh);
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

        var record = new HouseholdRecord(
            reader.ReadI64(), reader.ReadI64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64(),
            reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64());
        reader.EnsureEnd("household record");
        return record;
    }
}
