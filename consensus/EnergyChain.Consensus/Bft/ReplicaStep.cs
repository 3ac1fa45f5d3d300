namespace EnergyChain.Consensus.Bft;

public enum ReplicaStep
{
    Propose,
    Prevote,
    Precommit,
}
