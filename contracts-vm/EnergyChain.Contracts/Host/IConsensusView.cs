using EnergyChain.Core.Crypto;

namespace EnergyChain.Contracts.Host;

/// <summary>
/// Read-only consensus data that contracts may see. Implementations must be deterministic functions of the
/// chain (the same answer on every node). The default returns nothing: engines fill it in later.
/// </summary>
public interface IConsensusView
{
    /// <summary>The member's proof score (stake, PoEG or PoSOC score), 0 when unknown.</summary>
    long ProofScore(Address member, ulong height);

    /// <summary>The elected miner of the round at <paramref name="height"/>, or null when unknown.</summary>
    Address? ElectedMiner(ulong height);
}
