namespace EnergyChain.P2P.Network;

/// <summary>A rate: so many per second on average, with bursts up to <see cref="Burst"/>.</summary>
public readonly record struct RateLimit(double PerSecond, double Burst)
{
    public static RateLimit Unlimited => new(double.PositiveInfinity, double.PositiveInfinity);

    public bool IsUnlimited => double.IsPositiveInfinity(PerSecond);
}
