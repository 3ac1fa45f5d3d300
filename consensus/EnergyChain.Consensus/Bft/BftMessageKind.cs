namespace EnergyChain.Consensus.Bft;

public enum BftMessageKind : byte
{
    Proposal = 1,
    Vote = 2,
    CommitRequest = 3,
    Commit = 4,
}
