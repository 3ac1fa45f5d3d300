using System.Numerics;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// Chooses the canonical branch among the known tips: heaviest cumulative work for PoW, highest finalized
/// block then longest chain for the elected engines. A final block is never reverted.
/// </summary>
public interface IForkChoice
{
    /// <summary>
    /// Whether <paramref name="candidate"/> should replace <paramref name="current"/> as the head. Only a
    /// strictly better tip wins: on a tie the node keeps the head it has (no flapping between equal branches).
    /// </summary>
    bool Prefers(ChainTip candidate, ChainTip current);
}

/// <summary>A branch tip as fork choice sees it.</summary>
/// <param name="Hash">The tip block's hash.</param>
/// <param name="Height">The tip block's height.</param>
/// <param name="TotalWork">Cumulative proof of work from genesis to the tip (0 for engines without work).</param>
/// <param name="FinalizedHeight">Height of the highest finalized block on this branch (0 = only genesis).</param>
public sealed record ChainTip(Hash256 Hash, ulong Height, BigInteger TotalWork, ulong FinalizedHeight);

/// <summary>PoW: the branch with more cumulative work wins; equal work keeps the current head.</summary>
public sealed class HeaviestWorkForkChoice : IForkChoice
{
    public static HeaviestWorkForkChoice Instance { get; } = new();

    public bool Prefers(ChainTip candidate, ChainTip current) => candidate.TotalWork > current.TotalWork;
}

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
