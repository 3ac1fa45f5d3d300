using EnergyChain.Core.Blocks;
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

    /// <summary>Proof of a consensus offence (a double sign); executing it slashes the offender.</summary>
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
            TxType.Evidence => EvidencePayload.Read(ref reader),
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

/// <summary>What an <see cref="EvidencePayload"/> proves. Numbers are part of the signed encoding.</summary>
public enum EvidenceKind : byte
{
    /// <summary>One producer signed two different block headers for the same height and slot.</summary>
    DoubleSign = 1,
}

/// <summary>
/// Proof that a producer misbehaved, submitted (and paid for) by anyone. For <see cref="EvidenceKind.DoubleSign"/>
/// it carries two full block headers (with their signatures): one producer, one height, one slot, two hashes.
/// Encoding: <c>u8 kind=1 | u32 len + header | u32 len + header</c>, each header in its canonical encoding.
/// The decoder checks only the structure; <c>BlockExecutor.CheckStateless</c> checks the proof itself.
/// </summary>
public sealed record EvidencePayload(EvidenceKind Kind, BlockHeader First, BlockHeader Second) : TxPayload
{
    /// <summary>Largest encoded header accepted (fixed fields, consensus data at its limit, signature).</summary>
    public const int MaxHeaderSize = 1 + 8 + 32 + 8 + 8 + PublicKey.Size + 32 + 32 + 4 + BlockHeader.MaxConsensusDataSize + Crypto.Signature.Size;

    public override TxType Type => TxType.Evidence;

    /// <summary>The height of the offence.</summary>
    public ulong Height => First.Height;

    /// <summary>Double-sign evidence from two conflicting headers.</summary>
    public static EvidencePayload DoubleSign(BlockHeader first, BlockHeader second) => new(EvidenceKind.DoubleSign, first, second);

    internal override void Write(CanonicalWriter writer)
    {
        writer.WriteU8((byte)Kind);
        WriteHeader(writer, First);
        WriteHeader(writer, Second);
    }

    internal static EvidencePayload Read(ref CanonicalReader reader)
    {
        var kind = reader.ReadU8();
        if (kind != (byte)EvidenceKind.DoubleSign)
        {
            throw new DecodeException(DecodeError.UnknownType, $"evidence kind {kind} is not known");
        }

        var first = ReadHeader(reader.ReadBytes(MaxHeaderSize, "evidence first header"), "first");
        var second = ReadHeader(reader.ReadBytes(MaxHeaderSize, "evidence second header"), "second");
        return new EvidencePayload(EvidenceKind.DoubleSign, first, second);
    }

    private static void WriteHeader(CanonicalWriter writer, BlockHeader header)
    {
        var inner = new CanonicalWriter(256 + header.ConsensusData.Length);
        header.Write(inner);
        writer.WriteBytes(inner.WrittenSpan);
    }

    private static BlockHeader ReadHeader(ReadOnlySpan<byte> bytes, string which)
    {
        var reader = new CanonicalReader(bytes);
        BlockHeader header;
        try
        {
            header = BlockHeader.Read(ref reader);
            reader.EnsureEnd($"evidence {which} header");
        }
        catch (DecodeException e)
        {
            throw new DecodeException(e.Error, $"evidence {which} header: {e.Message}");
        }

        return header;
    }
}
