namespace EnergyChain.Consensus.Engine;

/// <summary>
/// Offences this node has observed (double signs from gossip or votes, invalid blocks) that are not yet on
/// chain. A producer includes pending evidence in its block (as evidence transactions or engine penalties);
/// the chain, not the pool, decides what is slashed, so the pool's contents are a local view and never
/// consensus-critical. Implementations are thread-safe.
/// </summary>
public interface IEvidencePool
{
    /// <summary>Adds an offence; false if the same offence (reason, offender, height, round) is already pending.</summary>
    bool Add(Offence offence);

    /// <summary>Up to <paramref name="max"/> pending offences in canonical order (height, round, offender bytes, reason).</summary>
    IReadOnlyList<Offence> Pending(int max);

    /// <summary>Drops offences that a committed block has dealt with, and everything at or below <paramref name="prunedHeight"/>.</summary>
    void Remove(IEnumerable<Offence> committed, ulong prunedHeight = 0);
}
