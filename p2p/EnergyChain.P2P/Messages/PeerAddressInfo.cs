using EnergyChain.Core.Crypto;

namespace EnergyChain.P2P.Messages;

/// <summary>An address a peer can be dialed at, with its node key when known.</summary>
public sealed record PeerAddressInfo(string Host, int Port, PublicKey? NodeKey);
