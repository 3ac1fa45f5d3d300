using System.Globalization;

namespace EnergyChain.LoadGen;

/// <summary>Reading single samples out of a node's <c>GET /metrics</c> text.</summary>
internal static class MetricsText
{
    /// <summary>The value of the sample named <paramref name="sample"/> (labels included), or null when absent.</summary>
    public static double? Value(string metrics, string sample)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(sample + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(sample.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    public static long TransactionsCommitted(string metrics) => (long)(Value(metrics, "energychain_transactions_committed_total") ?? 0);
}
