namespace EnergyChain.Consensus.Engine;

/// <summary>PoW: the branch with more cumulative work wins; equal work keeps the current head.</summary>
public sealed class HeaviestWorkForkChoice : IForkChoice
{
    public static HeaviestWorkForkChoice Instance { get; } = new();

    public bool Prefers(ChainTip candidate, ChainTip current) => candidate.TotalWork > current.TotalWork;
}
