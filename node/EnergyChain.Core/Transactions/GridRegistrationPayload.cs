using EnergyChain.Core.Codec;

namespace EnergyChain.Core.Transactions;

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
