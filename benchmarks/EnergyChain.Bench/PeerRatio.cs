namespace EnergyChain.Bench;

/// <summary>
/// One engine on 4 nodes against the peer at the same offered rate: <see cref="ThroughputRatio"/> = our sustained
/// transfers/s / the peer's, <see cref="P99Ratio"/> = our submit-to-final p99 / the peer's (below 1: we are faster).
/// </summary>
public sealed record PeerRatio(string Engine, int Offered, double OursPerSecond, double PeerPerSecond, double ThroughputRatio, double OursP99Ms, double PeerP99Ms, double P99Ratio);
