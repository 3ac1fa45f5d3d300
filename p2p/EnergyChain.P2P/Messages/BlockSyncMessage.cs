using EnergyChain.Core.Crypto;

namespace EnergyChain.P2P.Messages;

/// <summary>A decoded block-sync message. Which fields are set depends on <see cref="Kind"/>.</summary>
public sealed record BlockSyncMessage(BlockSyncKind Kind, ulong Height, Hash256 HeadHash, uint Count, IReadOnlyList<ReadOnlyMemory<byte>> Blocks);
