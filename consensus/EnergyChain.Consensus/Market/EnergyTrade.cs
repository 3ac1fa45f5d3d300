namespace EnergyChain.Consensus.Market;

/// <summary>One energy transaction: From sells EnergyWh to To; either side may be the EDC (<see cref="Edc"/>).</summary>
/// <param name="From">Selling prosumer index, or <see cref="Edc"/>.</param>
/// <param name="To">Buying prosumer index, or <see cref="Edc"/>.</param>
/// <param name="EnergyWh">Energy moved, &gt; 0.</param>
/// <param name="LossWh">Line loss allocated to this trade (the Wh its two sides pay for it).</param>
public readonly record struct EnergyTrade(int From, int To, long EnergyWh, long LossWh)
{
    /// <summary>The electricity distribution centre as a trade party.</summary>
    public const int Edc = -1;

    /// <summary>Canonical order: by From, then To (the EDC, -1, first).</summary>
    public static Comparison<EnergyTrade> CanonicalOrder { get; } = (a, b) =>
    {
        var c = a.From.CompareTo(b.From);
        return c != 0 ? c : a.To.CompareTo(b.To);
    };
}
