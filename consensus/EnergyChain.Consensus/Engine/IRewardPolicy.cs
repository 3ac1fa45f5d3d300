using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Engine;

/// <summary>The block reward (thesis: PoEG eq. 3.23 with Shapley shares eq. 3.3, PoSOC eq. 4.20).</summary>
public interface IRewardPolicy
{
    /// <summary>Micro-units minted to the producer of <paramref name="header"/>, on top of the fees (0 for none).</summary>
    ulong BlockRewardFor(BlockHeader header, IChainState parentState);
}
