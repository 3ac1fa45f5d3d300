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
