using EnergyChain.Core.Blocks;

namespace EnergyChain.Core.Chain;

/// <summary>
/// A switch of the canonical chain from one branch to another, as <see cref="Blockchain.Reorganized"/>
/// reports it.
/// </summary>
/// <param name="ForkHeight">Height of the last block both branches share.</param>
/// <param name="Reverted">The blocks taken off, in ascending height (their transactions may belong in the mempool again).</param>
/// <param name="Applied">The blocks committed instead, in ascending height.</param>
public sealed record ChainReorganization(ulong ForkHeight, IReadOnlyList<Block> Reverted, IReadOnlyList<Block> Applied);
