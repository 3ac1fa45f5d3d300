namespace EnergyChain.P2P.Peers;

/// <summary>Why a connection ended; <see cref="Error"/> carries the typed exception where there is one.</summary>
public sealed record PeerDisconnect(DisconnectReason Reason, Exception? Error);
