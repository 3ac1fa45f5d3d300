using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Transactions;

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
