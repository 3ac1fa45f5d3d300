namespace EnergyChain.LoadGen;

/// <summary>What one single-node load run measured.</summary>
internal sealed record LoadResult(SubmitTransport Transport, long Admitted, double AdmitSeconds, double CommittedPerSecond, double PeakRssMb)
{
    public double AdmittedPerSecond => Admitted / AdmitSeconds;
}
