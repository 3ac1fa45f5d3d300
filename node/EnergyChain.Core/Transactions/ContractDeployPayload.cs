using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Transactions;

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
