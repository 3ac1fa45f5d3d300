using System.Globalization;

namespace EnergyChain.Consensus.Federated;

/// <summary>
/// A rule with its argument, as genesis names it: <c>fedavg-capped</c>, <c>fedavg</c>, <c>median</c> or
/// <c>trimmed-mean:k</c> (k a decimal whole number, 0 to <see cref="MaxTrim"/>, no sign or spaces). Names are lower
/// case and compared exactly, like engine names; <see cref="ToString"/> gives the canonical name back.
/// </summary>
public readonly record struct AggregationSpec(AggregationRule Rule, int TrimPerSide = 0)
{
    /// <summary>Largest k accepted in <c>trimmed-mean:k</c>.</summary>
    public const int MaxTrim = 1_000_000;

    public const string FedAvgName = "fedavg";
    public const string CappedFedAvgName = "fedavg-capped";
    public const string MedianName = "median";
    public const string TrimmedMeanPrefix = "trimmed-mean:";

    public static AggregationSpec FedAvg => new(AggregationRule.FedAvg);

    public static AggregationSpec CappedFedAvg => new(AggregationRule.CappedFedAvg);

    public static AggregationSpec Median => new(AggregationRule.Median);

    public static AggregationSpec Trimmed(int trimPerSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trimPerSide);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trimPerSide, MaxTrim);
        return new AggregationSpec(AggregationRule.TrimmedMean, trimPerSide);
    }

    /// <summary>Parses a genesis name; throws <see cref="FormatException"/> saying what is accepted.</summary>
    public static AggregationSpec Parse(string? name)
    {
        if (TryParse(name, out var spec, out var error))
        {
            return spec;
        }

        throw new FormatException(error);
    }

    public static bool TryParse(string? name, out AggregationSpec spec, out string error)
    {
        spec = default;
        error = string.Empty;
        switch (name)
        {
            case FedAvgName:
                spec = FedAvg;
                return true;
            case CappedFedAvgName:
                spec = CappedFedAvg;
                return true;
            case MedianName:
                spec = Median;
                return true;
        }

        if (name is not null && name.StartsWith(TrimmedMeanPrefix, StringComparison.Ordinal))
        {
            var digits = name[TrimmedMeanPrefix.Length..];
            if (digits.Length is > 0 and <= 7 && digits.All(char.IsAsciiDigit) && (digits.Length == 1 || digits[0] != '0')
                && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k <= MaxTrim)
            {
                spec = Trimmed(k);
                return true;
            }

            error = $"aggregation rule '{name}': k in trimmed-mean:k must be a whole number from 0 to {MaxTrim} without leading zeros";
            return false;
        }

        error = $"unknown aggregation rule '{name}' (expected {CappedFedAvgName}, {FedAvgName}, {MedianName} or {TrimmedMeanPrefix}k)";
        return false;
    }

    public override string ToString() => Rule switch
    {
        AggregationRule.FedAvg => FedAvgName,
        AggregationRule.CappedFedAvg => CappedFedAvgName,
        AggregationRule.Median => MedianName,
        AggregationRule.TrimmedMean => TrimmedMeanPrefix + TrimPerSide.ToString(CultureInfo.InvariantCulture),
        _ => $"unknown({(byte)Rule})",
    };
}
