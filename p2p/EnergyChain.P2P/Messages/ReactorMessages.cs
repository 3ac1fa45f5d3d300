using EnergyChain.Core.Crypto;

namespace EnergyChain.P2P.Messages;

/// <summary>A decoded control message: a ping or the pong answering it.</summary>
public readonly record struct ControlMessage(bool IsPing, ulong Nonce);

public enum TxGossipKind
{
    Announce,
    Request,
    Bodies,
}

/// <summary>A decoded tx-gossip message: hashes (announce, request) or transaction bodies.</summary>
public sealed record TxGossipMessage(TxGossipKind Kind, IReadOnlyList<Hash256> Hashes, IReadOnlyList<ReadOnlyMemory<byte>> Bodies);

public enum BlockSyncKind
{
    Status,
    Request,
    Response,
}

/// <summary>A decoded block-sync message. Which fields are set depends on <see cref="Kind"/>.</summary>
public sealed record BlockSyncMessage(BlockSyncKind Kind, ulong Height, Hash256 HeadHash, uint Count, IReadOnlyList<ReadOnlyMemory<byte>> Blocks);

public enum PeerExchangeKind
{
    ListenPort,
    Request,
    Addresses,
}

/// <summary>An address a peer can be dialed at, with its node key when known.</summary>
public sealed record PeerAddressInfo(string Host, int Port, PublicKey? NodeKey);

/// <summary>A decoded peer-exchange message.</summary>
public sealed record PeerExchangeMessage(PeerExchangeKind Kind, int ListenPort, IReadOnlyList<PeerAddressInfo> Addresses);

/// <summary>An opaque consensus-engine message and its category.</summary>
public readonly record struct ConsensusEnvelope(uint Category, ReadOnlyMemory<byte> Payload);
