namespace EnergyChain.P2P.Messages;

/// <summary>An opaque consensus-engine message and its category.</summary>
public readonly record struct ConsensusEnvelope(uint Category, ReadOnlyMemory<byte> Payload);
