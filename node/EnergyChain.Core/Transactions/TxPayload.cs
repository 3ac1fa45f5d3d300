using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Transactions;

/// <summary>
/// Payload kinds. Numbers are part of the signed encoding: never renumber. Gaps are left for the
/// energy, market, contract, learning and evidence payloads that later engines add.
/// </summary>
public enum TxType : byte
{
    Transfer = 1,
    Stake = 2,
    Unstake = 3,

    /// <summary>A household's production and consumption forecast for a market slot (PoEG input).</summary>
    EnergyReport = 16,
    /// <summary>An EV's state of charge and energy moved in the last hour (PoSOC input).</summary>
    EvReport = 17,

    // Reserved for later issues; the decoder refuses them until an implementation exists.
    TradeOrder = 18,
    ContractDeploy = 32,
    ContractCall = 33,
    ModelUpdate = 48,
    Evidence = 64,
}

public abstract record TxPayload
{
    public abstract TxType Type { get; }

    internal abstract void Write(CanonicalWriter writer);

    internal static TxPayload Read(TxType type, ReadOnlySpan<byte> body)
    {
        var reader = new CanonicalReader(body);
        TxPayload payload = type switch
        {
            TxType.Transfer => new TransferPayload(new Address(reader.ReadFixed(Address.Size, "transfer.to")), reader.ReadU64()),
            TxType.Stake => new StakePayload(reader.ReadU64()),
            TxType.Unstake => new UnstakePayload(reader.ReadU64()),
            TxType.EnergyReport => new EnergyReportPayload(reader.ReadU64(), reader.ReadU64(), reader.ReadU64()),
            TxType.EvReport => EvReportPayload.Read(ref reader),
            _ when Enum.IsDefined(type) => throw new DecodeException(
                DecodeError.UnknownType, $"payload type {type} is reserved and not yet supported by this node"),
            _ => throw new DecodeException(DecodeError.UnknownType, $"unknown payload type {(byte)type}"),
        };
        reader.EnsureEnd($"{type} payload");
        return payload;
    }
}

/// <summary>Moves <see cref="Amount"/> micro-units from the sender to <see cref="To"/>.</summary>
public sealed record TransferPayload(Address To, ulong Amount) : TxPayload
{
    public override TxType Type => TxType.Transfer;

    internal override void Write(CanonicalWriter writer)
    {
        Span<byte> to = stackalloc byte[Address.Size];
        To.CopyTo(to);
        writer.WriteFixed(to);
        writer.WriteU64(Amount);
    }
}

/// <summary>Locks <see cref="Amount"/> of the sender's balance as stake.</summary>
public sealed record StakePayload(ulong Amount) : TxPayload
{
    public override TxType Type => TxType.Stake;

    internal override void Write(CanonicalWriter writer) => writer.WriteU64(Amount);
}

/// <summary>Releases <see cref="Amount"/> of locked stake back to the balance.</summary>
public sealed record UnstakePayload(ulong Amount) : TxPayload
{
    public override TxType Type => TxType.Unstake;

    internal override void Write(CanonicalWriter writer) => writer.WriteU64(Amount);
}

/// <summary>
/// A household's forecast for a market slot, in watt-hours. <see cref="MarketSlot"/> 0 means "the next slot
/// after inclusion"; the PoEG engine gives it meaning. Recorded on chain, no balance effect.
/// </summary>
public sealed record EnergyReportPayload(ulong MarketSlot, ulong ProductionWh, ulong ConsumptionWh) : TxPayload
{
    public override TxType Type => TxType.EnergyReport;

    internal override void Write(CanonicalWriter writer)
    {
        writer.WriteU64(MarketSlot);
        writer.WriteU64(ProductionWh);
        writer.WriteU64(ConsumptionWh);
    }
}

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
