using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Engine;

/// <summary>A fixed reward per block (0 = fees only).</summary>
public sealed class FixedBlockReward(ulong reward) : IRewardPolicy
{
    public ulong Reward { get; } = reward;

    public ulong BlockRewardFor(BlockHeader header, IChainState parentState) => Reward;
}
