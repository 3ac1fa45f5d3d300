using EnergyChain.Core.Crypto;

namespace EnergyChain.P2P.Messages;

/// <summary>A decoded, shape-checked <c>Hello</c>.</summary>
public sealed record HelloMessage(
    uint ProtocolVersion, string ChainId, Hash256 GenesisHash, PublicKey NodeKey, byte[] EphemeralKey, byte[] Nonce);
