using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// The election weights read from chain state: locked stake (PoS), PoEG coalition proof scores (thesis eq.
/// 3.4-3.6) or PoSOC scores (eq. 4.1, 4.17). Integers only: a weight is a whole number (stake in micro-units,
/// scores in fixed point), never a float.
/// </summary>
public interface IProofScoreSource
{
    /// <summary>
    /// One entry per member that may be elected at <paramref name="height"/>, in canonical member order
    /// (ascending public key bytes), each member once. A weight may be 0: such a member is only elected when
    /// nobody with a positive weight is eligible (see <c>WeightedRandomSelection</c>).
    /// </summary>
    /// <param name="height">Height of the block being produced.</param>
    /// <param name="parentState">State after the block at <c>height - 1</c>.</param>
    IReadOnlyList<(PublicKey Member, ulong Weight)> WeightsAt(ulong height, IChainState parentState);
}
