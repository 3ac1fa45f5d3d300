namespace EnergyChain.P2P.Peers;

/// <summary>Handles one message on one channel. Runs on the connection's receive loop: keep it short.</summary>
public delegate ValueTask PeerMessageHandler(PeerConnection peer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
