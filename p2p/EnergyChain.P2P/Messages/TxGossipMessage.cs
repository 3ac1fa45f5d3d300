using EnergyChain.Core.Crypto;

namespace EnergyChain.P2P.Messages;

/// <summary>A decoded tx-gossip message: hashes (announce, request) or transaction bodies.</summary>
public sealed record TxGossipMessage(TxGossipKind Kind, IReadOnlyList<Hash256> Hashes, IReadOnlyList<ReadOnlyMemory<byte>> Bodies);
