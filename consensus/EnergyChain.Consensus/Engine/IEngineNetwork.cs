namespace EnergyChain.Consensus.Engine;

/// <summary>
/// What an engine sees of the node's P2P network: the consensus channel, by message category, and the peer count.
/// Peers are opaque here (the P2P layer's, or a simulation's); the node maps a message a handler refuses to a
/// misbehaving peer, which it scores and disconnects.
/// </summary>
public interface IEngineNetwork
{
    /// <summary>False when the node runs without peers (a one-member chain with no p2p address): nothing is sent.</summary>
    bool IsEnabled { get; }

    /// <summary>Peers connected now.</summary>
    int PeerCount { get; }

    /// <summary>Delivers every message of <paramref name="category"/> to <paramref name="handler"/> (one handler per category).</summary>
    void Handle(uint category, EngineMessageHandler handler);

    /// <summary>Sends <paramref name="payload"/> to every connected peer.</summary>
    void Broadcast(uint category, ReadOnlySpan<byte> payload);

    /// <summary>Sends <paramref name="payload"/> to one peer, as a handler received it.</summary>
    void Send(object peer, uint category, ReadOnlySpan<byte> payload);
}
