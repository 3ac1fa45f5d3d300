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
    /// <summary>A household's grid location, registered once (PoEG input for the loss model).</summary>
    GridRegistration = 19,

    /// <summary>Deploys contract bytecode (executed by the node's <c>IContractRuntime</c>).</summary>
    ContractDeploy = 32,
    /// <summary>Calls a function of a deployed contract.</summary>
    ContractCall = 33,

    /// <summary>An EV's federated-learning update: Q16.16 model weights for a round (PoSOC aggregation input).</summary>
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
            TxType.GridRegistration => new GridRegistrationPayload(reader.ReadI64(), reader.ReadI64()),
            TxType.Evidence => EvidencePayload.Read(ref reader),
            TxType.ContractDeploy => ContractDeployPayload.Read(ref reader),
            TxType.ContractCall => ContractCallPayload.Read(ref reader),
            TxType.ModelUpdate => ModelUpdatePayload.Read(ref reader),
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
/// A household's grid location in metres on the distribution network's plane (the EDC's coordinates are in
/// genesis), registered once. The PoEG loss model uses the distances between locations.
/// </summary>
public sealed record GridRegistrationPayload(long XMetres, long YMetres) : TxPayload
{
    public override TxType Type => TxType.GridRegistration;

    internal override void Write(CanonicalWriter writer)
    {
        writer.WriteI64(XMetres);
        writer.WriteI64(YMetres);
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

/// <summary>
/// One contract argument: a signed 64-bit integer or a byte string (the VM's two value types).
/// Encoding: <c>u8 tag=0 | i64</c> or <c>u8 tag=1 | u32 len + bytes</c> (at most <see cref="MaxBytes"/>).
/// </summary>
public readonly record struct ContractArg(long Integer, byte[]? Bytes)
{
    public const int MaxBytes = 16 * 1024;

    /// <summary>Most arguments one deploy or call may carry.</summary>
    public const int MaxCount = 32;

    public bool IsBytes => Bytes is not null;

    public static ContractArg Int(long value) => new(value, null);

    public static ContractArg Of(byte[] value) => new(0, value ?? throw new ArgumentNullException(nameof(value)));

    public bool Equals(ContractArg other) =>
        Bytes is null ? other.Bytes is null && Integer == other.Integer
                      : other.Bytes is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => Bytes is null ? Integer.GetHashCode() : Bytes.Length;

    public override string ToString() => Bytes is null ? Integer.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0x" + Convert.ToHexString(Bytes);

    internal static void WriteAll(CanonicalWriter writer, IReadOnlyList<ContractArg> args)
    {
        writer.WriteU8((byte)args.Count);
        foreach (var arg in args)
        {
            if (arg.Bytes is null)
            {
                writer.WriteU8(0);
                writer.WriteI64(arg.Integer);
            }
            else
            {
                writer.WriteU8(1);
                writer.WriteBytes(arg.Bytes);
            }
        }
    }

    internal static ContractArg[] ReadAll(ref CanonicalReader reader)
    {
        var count = reader.ReadU8();
        if (count > MaxCount)
        {
            throw new DecodeException(DecodeError.InvalidValue, $"contract arguments: {count} exceed the maximum {MaxCount}");
        }

        var args = new ContractArg[count];
        for (var i = 0; i < count; i++)
        {
            var tag = reader.ReadU8();
            args[i] = tag switch
            {
                0 => Int(reader.ReadI64()),
                1 => Of(reader.ReadBytes(MaxBytes, "contract argument").ToArray()),
                _ => throw new DecodeException(DecodeError.InvalidValue, $"contract argument tag {tag} (expected 0 integer or 1 bytes)"),
            };
        }

        return args;
    }

    internal static bool SequenceEqual(IReadOnlyList<ContractArg> a, IReadOnlyList<ContractArg> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!a[i].Equals(b[i]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// Deploys <see cref="Code"/> (an EnergyChain VM module, at most <see cref="MaxCodeSize"/> bytes). The contract's
/// address is <c>SHA-256("EnergyChain/contract/v1" || sender address || u64 nonce)[0..20]</c>. When
/// <see cref="GasLimit"/> is above 0, function 0 runs once as the constructor with <see cref="InitArgs"/>.
/// Encoding: <c>u32 len + code | args | u64 gas limit</c>.
/// </summary>
public sealed record ContractDeployPayload(byte[] Code, IReadOnlyList<ContractArg> InitArgs, ulong GasLimit) : TxPayload
{
    public const int MaxCodeSize = 64 * 1024;

    public override TxType Type => TxType.ContractDeploy;

    public bool Equals(ContractDeployPayload? other) =>
        other is not null && Code.AsSpan().SequenceEqual(other.Code) && ContractArg.SequenceEqual(InitArgs, other.InitArgs) && GasLimit == other.GasLimit;

    public override int GetHashCode() => HashCode.Combine(Code.Length, InitArgs.Count, GasLimit);

    /// <summary>The address a deploy by <paramref name="sender"/> with <paramref name="nonce"/> creates.</summary>
    public static Address ContractAddress(Address sender, ulong nonce)
    {
        var writer = new CanonicalWriter(64);
        writer.WriteFixed("EnergyChain/contract/v1"u8);
        Span<byte> raw = stackalloc byte[Address.Size];
        sender.CopyTo(raw);
        writer.WriteFixed(raw);
        writer.WriteU64(nonce);
        return new Address(Hash256.Compute(writer.WrittenSpan).ToArray().AsSpan(0, Address.Size));
    }

    internal override void Write(CanonicalWriter writer)
    {
        writer.WriteBytes(Code);
        ContractArg.WriteAll(writer, InitArgs);
        writer.WriteU64(GasLimit);
    }

    internal static ContractDeployPayload Read(ref CanonicalReader reader)
    {
        var code = reader.ReadBytes(MaxCodeSize, "contract code").ToArray();
        if (code.Length == 0)
        {
            throw new DecodeException(DecodeError.InvalidValue, "contract deploy: empty code");
        }

        var args = ContractArg.ReadAll(ref reader);
        return new ContractDeployPayload(code, args, reader.ReadU64());
    }
}

/// <summary>
/// Calls function <see cref="Function"/> of the contract at <see cref="Contract"/> with <see cref="Args"/>,
/// first moving <see cref="Value"/> micro-units from the sender to the contract (escrow, deposits).
/// <see cref="GasLimit"/> x the runtime's gas price is reserved up front; unused gas is refunded.
/// Encoding: <c>20 contract | u16 function | args | u64 value | u64 gas limit</c>.
/// </summary>
public sealed record ContractCallPayload(Address Contract, ushort Function, IReadOnlyList<ContractArg> Args, ulong Value, ulong GasLimit) : TxPayload
{
    public override TxType Type => TxType.ContractCall;

    public bool Equals(ContractCallPayload? other) =>
        other is not null && Contract == other.Contract && Function == other.Function && ContractArg.SequenceEqual(Args, other.Args)
        && Value == other.Value && GasLimit == other.GasLimit;

    public override int GetHashCode() => HashCode.Combine(Contract, Function, Args.Count, Value, GasLimit);

    internal override void Write(CanonicalWriter writer)
    {
        Span<byte> to = stackalloc byte[Address.Size];
        Contract.CopyTo(to);
        writer.WriteFixed(to);
        writer.WriteU16(Function);
        ContractArg.WriteAll(writer, Args);
        writer.WriteU64(Value);
        writer.WriteU64(GasLimit);
    }

    internal static ContractCallPayload Read(ref CanonicalReader reader)
    {
        var contract = new Address(reader.ReadFixed(Address.Size, "contract address"));
        var function = reader.ReadU16();
        var args = ContractArg.ReadAll(ref reader);
        return new ContractCallPayload(contract, function, args, reader.ReadU64(), reader.ReadU64());
    }
}
