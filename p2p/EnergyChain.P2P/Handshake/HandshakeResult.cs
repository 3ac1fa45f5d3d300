using EnergyChain.Core.Crypto;

namespace EnergyChain.P2P.Handshake;

/// <summary>An authenticated peer and the session keyed for it.</summary>
public sealed record HandshakeResult(PublicKey RemoteKey, HandshakeRole Role, Hash256 TranscriptHash, Session.SecureSession Session);
