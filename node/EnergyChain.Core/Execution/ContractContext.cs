using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Execution;

/// <summary>The block a contract transaction runs in (what contracts may read of it).</summary>
public sealed record ContractContext(ulong Height, ulong Slot, long Timestamp, Hash256 ParentHash, Address Producer);
