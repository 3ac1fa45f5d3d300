using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Network;

namespace EnergyChain.P2P.Reactors;

/// <summary>Handles one consensus message from a peer; throw <see cref="MessageException"/> for an invalid one.</summary>
public delegate ValueTask ConsensusHandler(Peer peer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
