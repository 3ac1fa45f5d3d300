using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// Elects the producer of a block. Every node must get the same answer from the same inputs: the selection
/// depends only on the parent block's hash, the height, the round and the parent state (weights, exclusions).
/// </summary>
public interface ILeaderSelector
{
    /// <summary>
    /// The member that may produce the block at <paramref name="height"/> in <paramref name="round"/>
    /// (0 for the first attempt at this height; each later round re-elects without the producers that missed
    /// the earlier rounds, thesis eq. 3.24).
    /// </summary>
    /// <param name="parentHash">Hash of the block at <c>height - 1</c> that the new block extends.</param>
    /// <param name="height">Height of the block being produced.</param>
    /// <param name="round">Attempt number at this height.</param>
    /// <param name="parentState">State after the parent block: the weights and the slashing exclusions.</param>
    PublicKey ProducerFor(Hash256 parentHash, ulong height, ulong round, IChainState parentState);
}
