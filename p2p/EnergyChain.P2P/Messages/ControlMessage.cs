namespace EnergyChain.P2P.Messages;

/// <summary>A decoded control message: a ping or the pong answering it.</summary>
public readonly record struct ControlMessage(bool IsPing, ulong Nonce);
