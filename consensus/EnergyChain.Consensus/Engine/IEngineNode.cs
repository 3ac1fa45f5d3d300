using EnergyChain.Consensus.Bft;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Reactors;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// An engine's running part on one node (<see cref="IEngineModule.CreateNode"/>): it produces, mines or votes, moves
/// its messages over the P2P consensus channel, and answers the API's engine-specific questions. The node starts it
/// once the P2P network runs and stops it first on shutdown (the block in progress is finished), then disposes it.
/// </summary>
public interface IEngineNode : IDisposable
{
    /// <summary>The highest height no branch this node could switch to can revert.</summary>
    ulong FinalizedHeight { get; }

    /// <summary>
    /// The chain as block propagation and block sync see it, when blocks spread by gossip (they carry their own
    /// proof: a designated producer's signature, a proof of work); null when the engine moves blocks itself, as the
    /// BFT replica does with its proposals and commit certificates.
    /// </summary>
    IChainPort? BlockExchange { get; }

    /// <summary>The P2P consensus categories this engine handles (<see cref="ConsensusCategory"/>).</summary>
    IReadOnlyList<uint> ConsensusCategories { get; }

    /// <summary>The routes of <see cref="IEngineModule.Routes"/>, by path, answered from this node's state.</summary>
    IReadOnlyDictionary<string, EngineRouteHandler> Routes { get; }

    /// <summary>Who may produce the block at <paramref name="height"/> in round 0, or null when nobody is elected (pow).</summary>
    PublicKey? ElectedProducer(ulong height);

    /// <summary>The final block at <paramref name="height"/> with its commit certificate, under an engine that votes.</summary>
    (Block Block, CommitCertificate Certificate)? GetCommitted(ulong height);

    /// <summary>The engine's own part of <c>/v1/consensus</c> (plain objects, serialized by the node), or null.</summary>
    object? Status();

    /// <summary>Starts producing, mining or voting; <paramref name="network"/> carries the consensus channel.</summary>
    Task StartAsync(IEngineNetwork network, CancellationToken cancellationToken);

    /// <summary>Stops after the block in progress; nothing is committed afterwards.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
