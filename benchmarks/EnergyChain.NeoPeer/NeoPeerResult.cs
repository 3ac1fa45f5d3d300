namespace EnergyChain.NeoPeer;

/// <summary>
/// What one peer run measured, in the terms of our cluster load generator: offered rate, sustained transfers/s from
/// the first submission to the arrival (at node 0) of the last block holding a measured transfer, and submission ->
/// block latency percentiles in ms. dBFT blocks are final once persisted, so that latency is time to finality.
/// <see cref="Rejected"/> counts transfers the RPC refused (the messages are in <see cref="Rejections"/>).
/// </summary>
public sealed record NeoPeerResult(
    int Offered,
    int Seconds,
    int Submitted,
    int Rejected,
    int Committed,
    double SustainedPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    int Blocks,
    double TransfersPerBlock,
    int LargestBlock,
    int MaxTransactionsPerBlock,
    int MemoryPoolMaxTransactions,
    int MillisecondsPerBlock,
    IReadOnlyDictionary<string, int> Rejections);
