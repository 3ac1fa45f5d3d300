namespace EnergyChain.Core.Execution;

/// <summary>Consensus-critical limits every node takes from the genesis file.</summary>
public sealed record ChainParameters
{
    public required string ChainId { get; init; }

    public int MaxBlockTransactions { get; init; } = 10_000;

    public int MaxBlockBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Smallest fee (micro-units) a transaction must pay; fees go to the block producer.</summary>
    public ulong MinTxFee { get; init; }
}
