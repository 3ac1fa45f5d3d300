namespace EnergyChain.Core.Execution;

/// <summary>A refused transaction: the typed reason plus a sentence for humans.</summary>
public sealed record TxRejection(TxError Error, string Message)
{
    public override string ToString() => $"{Error}: {Message}";
}
