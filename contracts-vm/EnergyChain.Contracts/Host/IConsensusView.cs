using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Contracts.Host;

/// <summary>
/// Read-only consensus data that contracts may see. Implementations must be deterministic functions of the
/// chain (the same answer on every node): they read the state the block extends from
/// <see cref="ContractContext.Parent"/>, so a view holds no chain of its own. The default returns nothing.
/// </summary>
public interface IConsensusView
{
    /// <summary>The member's proof score (stake, PoEG or PoSOC score), 0 when unknown.</summary>
    long ProofScore(Address member, ContractContext context);

    /// <summary>The elected miner of the block <paramref name="context"/> describes, or null when unknown.</summary>
    Address? ElectedMiner(ContractContext context);
}
