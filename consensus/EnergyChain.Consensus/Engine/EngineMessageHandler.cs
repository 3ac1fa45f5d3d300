namespace EnergyChain.Consensus.Engine;

/// <summary>Takes one consensus message from <paramref name="peer"/>; false when it is invalid (the peer misbehaved).</summary>
public delegate bool EngineMessageHandler(object peer, ReadOnlySpan<byte> payload);
