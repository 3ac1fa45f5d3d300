namespace EnergyChain.Consensus.Market;

/// <summary>Thrown by <see cref="MarketOutcome.Decode"/> for any malformed or non-canonical encoding.</summary>
public sealed class MarketOutcomeFormatException : FormatException
{
    public MarketOutcomeFormatException(string message)
        : base(message)
    {
    }

    public MarketOutcomeFormatException()
    {
    }

    public MarketOutcomeFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
