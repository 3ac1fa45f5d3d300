namespace EnergyChain.P2P.Messages;

/// <summary>A decoded envelope: a known channel and the reactor's opaque payload.</summary>
public readonly record struct EnvelopeMessage(ChannelId Channel, ReadOnlyMemory<byte> Payload);
