using EnergyChain.Consensus.Market;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;

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

/// <summary>One household's input to a settled market slot, with its address (inputs are in address order).</summary>
public readonly record struct MarketParticipant(Address Address, ProsumerInput Input);

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

/// <summary>Reads and writes the PoEG records (<see cref="EngineRecords"/>).</summary>
public static class PoegLedger
{
    internal static readonly byte[] MarketKey = "poeg/market"u8.ToArray();

    public static byte[] HouseholdKey(Address household)
    {
        var key = new byte[15 + Address.Size];
        "poeg/household/"u8.CopyTo(key);
        household.CopyTo(key.AsSpan(15));
        return key;
    }

    public static HouseholdRecord? Household(IStateReader state, Address household) =>
        EngineRecords.Read(state, HouseholdKey(household)) is { } bytes ? HouseholdRecord.Decode(bytes) : null;

    public static void SetHousehold(StateOverlay state, Address household, HouseholdRecord record) =>
        EngineRecords.Write(state, HouseholdKey(household), record.Encode());

    /// <summary>The last settled market slot, or null before the first settlement.</summary>
    public static MarketSettlement? Market(IStateReader state) =>
        EngineRecords.Read(state, MarketKey) is { } bytes ? MarketSettlement.Decode(bytes) : null;

    public static void SetMarket(StateOverlay state, byte[] settlement) => EngineRecords.Write(state, MarketKey, settlement);
}
