namespace EnergyChain.Consensus.Federated;

/// <summary>Updates the aggregator cannot combine (none, mixed lengths, a zero sample count, too much trimming).</summary>
public sealed class AggregationException : Exception
{
    public AggregationException(string message)
        : base(message)
    {
    }
}
