namespace EnergyChain.Consensus.Pow;

/// <summary>What <see cref="PowChain.Import"/> did with a block.</summary>
public sealed record PowImportResult(PowImportStatus Status, string Reason = "")
{
    public static readonly PowImportResult Committed = new(PowImportStatus.Committed);
    public static readonly PowImportResult Known = new(PowImportStatus.Known);

    public override string ToString() => Reason.Length == 0 ? Status.ToString() : $"{Status}: {Reason}";
}
