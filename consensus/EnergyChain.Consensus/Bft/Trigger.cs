namespace EnergyChain.Consensus.Bft;

/// <summary>The algorithm's "for the first time" rules, remembered per round.</summary>
internal enum Trigger
{
    PrevoteTimeout,
    PrecommitTimeout,
    LockAndPrecommit,
}
