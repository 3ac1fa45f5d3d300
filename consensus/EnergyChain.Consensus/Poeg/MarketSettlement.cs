using EnergyChain.Consensus.Market;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// What a market slot's settlement decided: the slot, the participants (address order) with their inputs, the
/// outcome of coalition formation, and the mining reward M_r (eq. 3.23) owed to the slot's winning coalition.
/// The same bytes are the settlement block's consensus data (so the block carries the partition, the trades and
/// every score) and the market record in state (from which the next slot's miners are drawn and the reward is paid).
/// Encoding: <c>u8 version=1 | u64 slot | u64 reward | u32 n | n x (20 address | i64 x | i64 y | i64 P | i64 C) |
/// u32 len | outcome</c>.
/// </summary>
public sealed class MarketSettlement
{
    private const byte Version = 1;

    public MarketSettlement(ulong slot, ulong rewardMicro, IReadOnlyList<MarketParticipant> participants, MarketOutcome outcome)
    {
        Slot = slot;
        RewardMicro = rewardMicro;
        Participants = participants;
        Outcome = outcome;
    }

    public ulong Slot { get; }

    /// <summary>M_r in micro-units, minted to the winning coalition's members when the next slot settles.</summary>
    public ulong RewardMicro { get; }

    public IReadOnlyList<MarketParticipant> Participants { get; }

    public MarketOutcome Outcome { get; }

    public IReadOnlyList<ProsumerInput> Inputs => [.. Participants.Select(p => p.Input)];

    public byte[] Encode()
    {
        var outcome = Outcome.Encode();
        var writer = new CanonicalWriter(32 + (Participants.Count * 52) + outcome.Length);
        writer.WriteU8(Version);
        writer.WriteU64(Slot);
        writer.WriteU64(RewardMicro);
        writer.WriteU32((uint)Participants.Count);
        Span<byte> address = stackalloc byte[Address.Size];
        foreach (var participant in Participants)
        {
            participant.Address.CopyTo(address);
            writer.WriteFixed(address);
            writer.WriteI64(participant.Input.XMetres);
            writer.WriteI64(participant.Input.YMetres);
            writer.WriteI64(participant.Input.ProductionWh);
            writer.WriteI64(participant.Input.ConsumptionWh);
        }

        writer.WriteBytes(outcome);
        return writer.ToArray();
    }

    /// <summary>Decodes a settlement; malformed bytes throw <see cref="DecodeException"/>.</summary>
    public static MarketSettlement Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var version = reader.ReadU8();
        if (version != Version)
        {
            throw new DecodeException(DecodeError.UnsupportedVersion, $"market settlement version {version}");
        }

        var slot = reader.ReadU64();
        var reward = reader.ReadU64();
        var count = reader.ReadU32();
        if (count > (uint)(reader.Remaining / 52))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"market settlement claims {count} participants");
        }

        var participants = new MarketParticipant[count];
        for (var i = 0; i < participants.Length; i++)
        {
            var address = new Address(reader.ReadFixed(Address.Size, "participant address"));
            participants[i] = new MarketParticipant(address, new ProsumerInput(reader.ReadI64(), reader.ReadI64(), reader.ReadI64(), reader.ReadI64()));
        }

        MarketOutcome outcome;
        try
        {
            outcome = MarketOutcome.Decode(reader.ReadBytes(Account.MaxDataSize, "market outcome"));
        }
        catch (MarketOutcomeFormatException e)
        {
            throw new DecodeException(DecodeError.InvalidValue, $"market outcome: {e.Message}");
        }

        reader.EnsureEnd("market settlement");
        return new MarketSettlement(slot, reward, participants, outcome);
    }
}
