using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Engine;

/// <summary>What sealing and seal checks may look at: the parent header, its ancestors and the parent state.</summary>
/// <param name="Parent">The header the block extends.</param>
/// <param name="Headers">Headers of the parent's ancestors (walk back by <see cref="BlockHeader.ParentHash"/>).</param>
/// <param name="ParentState">The state after the parent block; <c>null</c> for engines that do not need it.</param>
public sealed record SealContext(BlockHeader Parent, IHeaderReader Headers, IChainState? ParentState = null);
