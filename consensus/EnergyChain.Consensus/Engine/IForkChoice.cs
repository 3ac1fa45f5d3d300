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
