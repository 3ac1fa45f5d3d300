using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// Which members a block penalizes (missed slot = refusal to mine, invalid block; thesis eq. 3.24). The core
/// applies the slash itself (burn <c>SlashPpm</c> of locked stake, withhold the reward, exclude for
/// <c>ExclusionBlocks</c>); the policy only names offenders. Deterministic in the header and parent state.
/// </summary>
public interface ISlashingPolicy
{
    /// <summary>
    /// The penalties the block <paramref name="header"/> applies. While a block is being built only its height,
    /// parent, timestamp, slot, producer and consensus data are final; read nothing else.
    /// </summary>
    IReadOnlyList<Penalty> PenaltiesFor(BlockHeader header, IChainState parentState);
}

/// <summary>The block reward (thesis: PoEG eq. 3.23 with Shapley shares eq. 3.3, PoSOC eq. 4.20).</summary>
public interface IRewardPolicy
{
    /// <summary>Micro-units minted to the producer of <paramref name="header"/>, on top of the fees (0 for none).</summary>
    ulong BlockRewardFor(BlockHeader header, IChainState parentState);
}

/// <summary>No penalties.</summary>
public sealed class NoSlashing : ISlashingPolicy
{
    public static NoSlashing Instance { get; } = new();

    public IReadOnlyList<Penalty> PenaltiesFor(BlockHeader header, IChainState parentState) => [];
}

/// <summary>A fixed reward per block (0 = fees only).</summary>
public sealed class FixedBlockReward(ulong reward) : IRewardPolicy
{
    public ulong Reward { get; } = reward;

    public ulong BlockRewardFor(BlockHeader header, IChainState parentState) => Reward;
}

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
