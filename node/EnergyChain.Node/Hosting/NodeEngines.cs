namespace EnergyChain.Node.Hosting;

/// <summary>The consensus engines this node can run, by their genesis names.</summary>
public static class NodeEngines
{
    /// <summary>One designated producer, the others follow (no voting).</summary>
    public const string Single = "single";

    /// <summary>Stake-weighted proposer election and BFT finality votes (consensus/Bft).</summary>
    public const string Pos = "pos";

    public static string Validate(string engine) => engine is Single or Pos
        ? engine
        : throw new NodeSetupException($"consensus engine '{engine}' is not available in this version; use \"{Single}\" or \"{Pos}\"");
}
