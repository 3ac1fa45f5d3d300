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

    // Reserved for later issues; the decoder refuses them until an implementation exists.
    EnergyReport = 16,
    EvReport = 17,
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
