namespace EnergyChain.Consensus.Engine;

/// <summary>
/// Elected engines: the branch with the higher finalized block wins (a final block is never reverted); with
/// equal finality the longer branch wins; otherwise the current head stays.
/// </summary>
public sealed class FinalizedThenLongestForkChoice : IForkChoice
{
    public static FinalizedThenLongestForkChoice Instance { get; } = new();

    public bool Prefers(ChainTip candidate, ChainTip current) =>
        candidate.FinalizedHeight != current.FinalizedHeight
            ? candidate.FinalizedHeight > current.FinalizedHeight
            : candidate.Height > current.Height;
}
