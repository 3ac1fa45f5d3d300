namespace EnergyChain.Consensus.Bft;

public enum VoteType : byte
{
    Prevote = 1,
    Precommit = 2,
}
