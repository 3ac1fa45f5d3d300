namespace EnergyChain.P2P.Reactors;

public sealed record BlockImport(BlockImportOutcome Outcome, string Reason = "")
{
    public static readonly BlockImport Committed = new(BlockImportOutcome.Committed);
    public static readonly BlockImport Known = new(BlockImportOutcome.Known);
}
