using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Engine;

/// <summary>Presents an engine's slashing and reward policies as the core's <see cref="IBlockIncentives"/>.</summary>
public sealed class EngineIncentives(ISlashingPolicy slashing, IRewardPolicy reward) : IBlockIncentives
{
    public EngineIncentives(IConsensusEngine engine)
        : this(engine.SlashingPolicy, engine.RewardPolicy)
    {
    }

    public IReadOnlyList<Penalty> PenaltiesFor(BlockHeader header, IChainState parentState) => slashing.PenaltiesFor(header, parentState);

    public ulong BlockRewardFor(BlockHeader header, IChainState parentState) => reward.BlockRewardFor(header, parentState);
}
