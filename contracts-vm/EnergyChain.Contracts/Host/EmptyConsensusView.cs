using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Contracts.Host;

/// <summary>No consensus data: every score 0, no elected miner.</summary>
public sealed class EmptyConsensusView : IConsensusView
{
    public static EmptyConsensusView Instance { get; } = new();

    public long ProofScore(Address member, ContractContext context) => 0;

    public Address? ElectedMiner(ContractContext context) => null;
}
