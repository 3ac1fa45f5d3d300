namespace EnergyChain.NeoPeer;

/// <summary>Nearest-rank percentiles, the definition the cluster load generator uses.</summary>
public static class Percentiles
{
    /// <summary>The smallest value with at least <paramref name="percent"/> % of the values at or below it.</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("no values", nameof(sorted));
        }

        if (percent is <= 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), "a percentile is in (0, 100]");
        }

        var rank = (int)Math.Ceiling(sorted.Count * percent / 100.0);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
