using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;

namespace EnergyChain.Consensus.Poeg;

/// <summary>Reads and writes the PoEG records (<see cref="EngineRecords"/>).</summary>
public static class PoegLedger
{
    internal static readonly byte[] MarketKey = "poeg/market"u8.ToArray();

    /// <summary>The cleared slot whose readings are being taken, until it settles on delivered energy.</summary>
    internal static readonly byte[] DeliveringKey = "poeg/delivering"u8.ToArray();

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

    /// <summary>The cleared slot awaiting its settlement on delivered energy, or null.</summary>
    public static MarketSettlement? Delivering(IStateReader state) =>
        EngineRecords.Read(state, DeliveringKey) is { } bytes ? MarketSettlement.Decode(bytes) : null;

    /// <summary>Sets (or with no bytes, deletes) the slot awaiting settlement.</summary>
    public static void SetDelivering(StateOverlay state, byte[] settlement) => EngineRecords.Write(state, DeliveringKey, settlement);
}
