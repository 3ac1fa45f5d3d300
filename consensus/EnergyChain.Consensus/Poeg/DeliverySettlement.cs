using EnergyChain.Core.Codec;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// How a market slot settled on delivered energy (the block <see cref="PoegParameters.DeliveryHeightOf"/>): one
/// <see cref="HouseholdDelivery"/> per participant of its clearing (same order) and the energy delivered on each
/// trade between members (the clearing's member trades, same order). The bytes are the settlement block's consensus
/// data; every validator recomputes them from the clearing, the readings and the parent state.
/// Encoding: <c>u8 version=1 | u64 slot | u32 n | n x (u8 flags: 1 reading, 2 withheld | u64 produced | u64 consumed
/// | u64 delivered | u64 shortfall | u64 charge | u64 charge paid | u64 penalty | u64 penalty paid | u64 reward |
/// u64 fee refund) | u32 t | t x u64 delivered</c>.
/// </summary>
public sealed record DeliverySettlement(ulong Slot, IReadOnlyList<HouseholdDelivery> Households, IReadOnlyList<ulong> TradeDeliveredWh)
{
    private const byte Version = 1;
    private const int HouseholdSize = 1 + (10 * 8);

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(32 + (Households.Count * HouseholdSize) + (TradeDeliveredWh.Count * 8));
        writer.WriteU8(Version);
        writer.WriteU64(Slot);
        writer.WriteU32((uint)Households.Count);
        foreach (var h in Households)
        {
            writer.WriteU8((byte)((h.ReadingPresent ? 1 : 0) | (h.RewardWithheld ? 2 : 0)));
            writer.WriteU64(h.ProducedWh);
            writer.WriteU64(h.ConsumedWh);
            writer.WriteU64(h.DeliveredWh);
            writer.WriteU64(h.ShortfallWh);
            writer.WriteU64(h.EdcChargeMicro);
            writer.WriteU64(h.EdcChargePaidMicro);
            writer.WriteU64(h.PenaltyMicro);
            writer.WriteU64(h.PenaltyPaidMicro);
            writer.WriteU64(h.RewardMicro);
            writer.WriteU64(h.FeeRefundMicro);
        }

        writer.WriteU32((uint)TradeDeliveredWh.Count);
        foreach (var delivered in TradeDeliveredWh)
        {
            writer.WriteU64(delivered);
        }

        return writer.ToArray();
    }

    /// <summary>Decodes a delivery settlement; malformed bytes throw <see cref="DecodeException"/>.</summary>
    public static DeliverySettlement Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var version = reader.ReadU8();
        if (version != Version)
        {
            throw new DecodeException(DecodeError.UnsupportedVersion, $"delivery settlement version {version}");
        }

        var slot = reader.ReadU64();
        var count = reader.ReadU32();
        if (count > (uint)(reader.Remaining / HouseholdSize))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"delivery settlement claims {count} households");
        }

        var households = new HouseholdDelivery[count];
        for (var i = 0; i < households.Length; i++)
        {
            var flags = reader.ReadU8();
            if (flags > 3)
            {
                throw new DecodeException(DecodeError.InvalidValue, $"delivery flags 0x{flags:x2}");
            }

            households[i] = new HouseholdDelivery(
                (flags & 1) != 0, reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64(),
                reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), (flags & 2) != 0, reader.ReadU64());
        }

        var trades = reader.ReadU32();
        if (trades > (uint)(reader.Remaining / 8))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"delivery settlement claims {trades} trades");
        }

        var delivered = new ulong[trades];
        for (var i = 0; i < delivered.Length; i++)
        {
            delivered[i] = reader.ReadU64();
        }

        reader.EnsureEnd("delivery settlement");
        return new DeliverySettlement(slot, households, delivered);
    }
}
