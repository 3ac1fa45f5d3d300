namespace EnergyChain.Benchmarks.Market;

/// <summary>Daily energy profile shapes of thesis section 3.4.4.</summary>
public enum EnergyProfile
{
    Normal,
    Uniform,
    LogNormal,
}
