using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Execution;

/// <summary>The tip a block must extend.</summary>
public sealed record ChainHead(ulong Height, Hash256 Hash, long Timestamp, Hash256 StateRoot);
