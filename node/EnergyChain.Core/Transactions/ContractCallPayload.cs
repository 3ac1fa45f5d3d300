using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Transactions;

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
