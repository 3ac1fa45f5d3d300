using System.Buffers.Binary;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Posoc.V2v;

/// <summary>
/// Reads and writes the V2V market's records (<see cref="EngineRecords"/>): pending intents per hour and EV, the
/// hour's matching and settlement, delivery reports per trade and reporter, and each EV's running totals.
/// </summary>
public static class V2vLedger
{
    public static V2vIntentPayload? Intent(IStateReader state, ulong hour, Address ev)
    {
        if (EngineRecords.Read(state, Key("posoc/v2v/intent/"u8, hour, ev)) is not { } bytes)
        {
            return null;
        }

        var reader = new CanonicalReader(bytes);
        var order = V2vOrder.Read(ref reader);
        reader.EnsureEnd("V2V intent record");
        return new V2vIntentPayload(hour, order.Side, order.EnergyWh, order.PriceMicroPerWh, order.Site, order.AvailableFromHour, order.AvailableUntilHour);
    }

    public static void SetIntent(StateOverlay state, ulong hour, Address ev, V2vIntentPayload? intent)
    {
        if (intent is null)
        {
            EngineRecords.Write(state, Key("posoc/v2v/intent/"u8, hour, ev), []);
            return;
        }

        var writer = new CanonicalWriter(96);
        V2vOrder.From(ev, intent).Write(writer);
        EngineRecords.Write(state, Key("posoc/v2v/intent/"u8, hour, ev), writer.WrittenSpan);
    }

    public static V2vMatching? Matching(IStateReader state, ulong hour) =>
        EngineRecords.Read(state, Key("posoc/v2v/matching/"u8, hour)) is { } bytes ? V2vMatching.Decode(bytes) : null;

    public static void SetMatching(StateOverlay state, V2vMatching matching)
    {
        ArgumentNullException.ThrowIfNull(matching);
        EngineRecords.Write(state, Key("posoc/v2v/matching/"u8, matching.Hour), matching.Encode());
    }

    public static V2vSettlement? Settlement(IStateReader state, ulong hour) =>
        EngineRecords.Read(state, Key("posoc/v2v/settlement/"u8, hour)) is { } bytes ? V2vSettlement.Decode(bytes) : null;

    public static void SetSettlement(StateOverlay state, V2vSettlement settlement)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        EngineRecords.Write(state, Key("posoc/v2v/settlement/"u8, settlement.Hour), settlement.Encode());
    }

    /// <summary>What <paramref name="reporter"/>'s charger read for its trade with <paramref name="counterparty"/> in <paramref name="hour"/>.</summary>
    public static ulong? Report(IStateReader state, ulong hour, Address reporter, Address counterparty) =>
        EngineRecords.Read(state, ReportKey(hour, reporter, counterparty)) is { Length: 8 } bytes ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : null;

    public static void SetReport(StateOverlay state, ulong hour, Address reporter, Address counterparty, ulong? energyWh)
    {
        if (energyWh is not { } wh)
        {
            EngineRecords.Write(state, ReportKey(hour, reporter, counterparty), []);
            return;
        }

        Span<byte> value = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(value, wh);
        EngineRecords.Write(state, ReportKey(hour, reporter, counterparty), value);
    }

    public static V2vTotals Totals(IStateReader state, Address ev) =>
        EngineRecords.Read(state, Key("posoc/v2v/ev/"u8, ev)) is { } bytes ? V2vTotals.Decode(bytes) : V2vTotals.Empty;

    public static void SetTotals(StateOverlay state, Address ev, V2vTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        EngineRecords.Write(state, Key("posoc/v2v/ev/"u8, ev), totals.Encode());
    }

    private static byte[] Key(ReadOnlySpan<byte> prefix, ulong hour)
    {
        var key = new byte[prefix.Length + 8];
        prefix.CopyTo(key);
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(prefix.Length), hour);
        return key;
    }

    private static byte[] Key(ReadOnlySpan<byte> prefix, Address ev)
    {
        var key = new byte[prefix.Length + Address.Size];
        prefix.CopyTo(key);
        ev.CopyTo(key.AsSpan(prefix.Length));
        return key;
    }

    private static byte[] Key(ReadOnlySpan<byte> prefix, ulong hour, Address ev)
    {
        var key = new byte[prefix.Length + 8 + Address.Size];
        prefix.CopyTo(key);
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(prefix.Length), hour);
        ev.CopyTo(key.AsSpan(prefix.Length + 8));
        return key;
    }

    private static byte[] ReportKey(ulong hour, Address reporter, Address counterparty)
    {
        ReadOnlySpan<byte> prefix = "posoc/v2v/report/"u8;
        var key = new byte[prefix.Length + 8 + (2 * Address.Size)];
        prefix.CopyTo(key);
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(prefix.Length), hour);
        reporter.CopyTo(key.AsSpan(prefix.Length + 8));
        counterparty.CopyTo(key.AsSpan(prefix.Length + 8 + Address.Size));
        return key;
    }
}
