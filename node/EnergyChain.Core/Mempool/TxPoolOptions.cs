namespace EnergyChain.Core.Mempool;

/// <summary>Mempool limits. Defaults hold several full blocks while bounding memory to tens of megabytes.</summary>
public sealed record TxPoolOptions
{
    public int MaxTransactions { get; init; } = 50_000;

    public long MaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How far past the account's next nonce a sender may queue transactions.</summary>
    public int MaxNoncesAhead { get; init; } = 256;
}
