using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Execution;

/// <summary>
/// The block a contract transaction runs in (what contracts may read of it). <see cref="Parent"/> is the chain state
/// the block extends, for read-only consensus views (proof scores, the elected miner): handed over with each call
/// rather than held by the runtime, so the runtime needs no reference to the chain that needs the runtime. Null
/// where no block is being executed (a mempool check).
/// </summary>
public sealed record ContractContext(ulong Height, ulong Slot, long Timestamp, Hash256 ParentHash, Address Producer, IChainState? Parent = null);
