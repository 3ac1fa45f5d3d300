namespace EnergyChain.LoadGen;

/// <summary>The headline figures of one cluster run (latencies from submission to the block's arrival at node 0).</summary>
internal sealed record ClusterSummary(SubmitTransport Transport, long Offered, long Committed, double TransfersPerSecond, double P50Ms, double P90Ms, double P99Ms);
