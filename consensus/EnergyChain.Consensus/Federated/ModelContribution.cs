using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Federated;

/// <summary>One EV's update as the aggregator sees it: Q16.16 weights and the local data size n_k.</summary>
public readonly record struct ModelContribution(ReadOnlyMemory<int> Weights, ulong SampleCount)
{
    public static ModelContribution From(ModelUpdatePayload update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return new ModelContribution(update.Weights, update.SampleCount);
    }
}
