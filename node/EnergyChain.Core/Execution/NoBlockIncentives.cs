using EnergyChain.Core.Blocks;

namespace EnergyChain.Core.Execution;

/// <summary>No penalties and no reward: the default when no engine supplies incentives.</summary>
public sealed class NoBlockIncentives : IBlockIncentives
{
    private NoBlockIncentives()
    {
    }

    public static NoBlockIncentives Instance { get; } = new();

    public IReadOnlyList<Penalty> PenaltiesFor(BlockHeader header, IChainState parentState) => [];

    public ulong BlockRewardFor(BlockHeader header, IChainState parentState) => 0;
}
