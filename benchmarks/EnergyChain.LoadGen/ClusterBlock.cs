namespace EnergyChain.LoadGen;

/// <summary>
/// One block of the measured window, on node 0's chain: when it reached node 0 (seconds on the run's clock; NaN when
/// the block stream did not report it), its transactions, and how many of them were not transfers (the engine's own
/// market activity: households' orders and meter readings, EVs' reports and model updates).
/// </summary>
internal sealed record ClusterBlock(ulong Height, string Hash, double ArrivalSeconds, int Transactions, int OtherTransactions);
