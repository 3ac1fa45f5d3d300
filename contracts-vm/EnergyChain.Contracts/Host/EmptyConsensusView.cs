using EnergyChain.Core.Crypto;

namespace EnergyChain.Contracts.Host;

/// <summary>No consensus data: every score 0, no elected miner.</summary>
public sealed class EmptyConsensusView : IConsensusView
{
    public static EmptyConsensusView Instance { get; } = new();

    public long ProofScore(Address member, ulong height) => 0;

    public Address? ElectedMiner(ulong height) => null;
}
