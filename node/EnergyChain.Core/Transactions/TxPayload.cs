using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Transactions;

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
            TxType.MemberJoin => MemberJoinPayload.Read(ref reader),
            TxType.MemberVote => MemberVotePayload.Read(ref reader),
            TxType.MemberLeave => new MemberLeavePayload(),
            TxType.MemberEvict => MemberEvictPayload.Read(ref reader),
            TxType.EnergyReport => EnergyReportPayload.Read(ref reader),
            TxType.EvReport => EvReportPayload.Read(ref reader),
            TxType.GridRegistration => new GridRegistrationPayload(reader.ReadI64(), reader.ReadI64()),
            TxType.MeterReading => MeterReadingPayload.Read(ref reader),
            TxType.V2vIntent => V2vIntentPayload.Read(ref reader),
            TxType.V2vDelivery => V2vDeliveryPayload.Read(ref reader),
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
