using EnergyChain.Core.Blocks;

namespace EnergyChain.Consensus.Pow;

/// <summary>A block held outside the canonical chain with the cumulative work of its branch.</summary>
internal sealed record SideBlock(Block Block, System.Numerics.BigInteger TotalWork);
