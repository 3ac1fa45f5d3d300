namespace EnergyChain.P2P.Messages;

/// <summary>A decoded peer-exchange message.</summary>
public sealed record PeerExchangeMessage(PeerExchangeKind Kind, int ListenPort, IReadOnlyList<PeerAddressInfo> Addresses);
