using EnergyChain.Consensus.Bft;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// An engine whose blocks are proposed by an elected member and finalized by the BFT replica's votes (pos, poeg,
/// posoc): what the node's replica needs to run it.
/// </summary>
public interface IVotingEngine : IConsensusEngine
{
    /// <summary>How long to wait for the elected producer's proposal before the next round.</summary>
    ulong ProposeTimeoutMs { get; }

    /// <summary>The voting members and weights for the block after <paramref name="parentState"/>.</summary>
    ValidatorSet VotersAt(IChainState parentState);

    /// <summary>The producer of <paramref name="height"/> in <paramref name="round"/> on top of <paramref name="parentState"/>'s head.</summary>
    PublicKey ProducerFor(IChainState parentState, ulong height, uint round);
}
