namespace EnergyChain.LoadGen;

/// <summary>
/// What one cluster run observed, unreduced, for callers that compute their own figures (the consensus benchmark):
/// the offered settings, when each measured transfer was submitted and the height of the block that holds it (0: not
/// found on node 0's chain), and node 0's chain over the window, <see cref="ClusterSettings.FinalityDepth"/> blocks
/// past the last committed transfer included.
/// </summary>
internal sealed record ClusterMeasurement(
    ClusterSettings Settings,
    long Committed,
    IReadOnlyList<double> SubmittedAt,
    IReadOnlyList<ulong> IncludedAt,
    IReadOnlyList<ClusterBlock> Blocks);
