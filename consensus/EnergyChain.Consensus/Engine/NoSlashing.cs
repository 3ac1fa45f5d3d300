using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Engine;

/// <summary>No penalties.</summary>
public sealed class NoSlashing : ISlashingPolicy
{
    public static NoSlashing Instance { get; } = new();

    public IReadOnlyList<Penalty> PenaltiesFor(BlockHeader header, IChainState parentState) => [];
}
