namespace EnergyChain.Bench;

/// <summary>What <see cref="ProcessProbe"/> saw over the measured window, summed over the node processes.</summary>
public sealed record ProbeReading(double CpuSeconds, double P2pBytesSent, IReadOnlyList<double> PeakRssMiB);
