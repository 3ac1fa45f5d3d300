namespace EnergyChain.Benchmarks.P2P;

/// <summary>Where one import's time went (milliseconds).</summary>
internal readonly record struct ImportTiming(double VerifyMs, double ImportMs, double CommitMs);
