using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Scoring;

namespace EnergyChain.P2P.Network;

/// <summary>
/// One subsystem's side of the network (CometBFT style): it owns one channel, learns about peers coming and
/// going, and receives that channel's messages in order per peer, on the peer's receive loop (so keep
/// <see cref="ReceiveAsync"/> short; hand long work to a background task).
/// </summary>
public abstract class Reactor
{
    private PeerNetwork? _network;

    public abstract ChannelId Channel { get; }

    /// <summary>Messages per second a peer may send on this channel; more costs it a flood penalty.</summary>
    public virtual RateLimit MessageRate => new(200, 2000);

    protected PeerNetwork Network => _network ?? throw new InvalidOperationException("the reactor is not added to a network yet");

    /// <summary>Called once, when the reactor is added to the network.</summary>
    internal void Attach(PeerNetwork network)
    {
        if (_network is not null)
        {
            throw new InvalidOperationException("the reactor is already added to a network");
        }

        _network = network;
    }

    /// <summary>Called when the network starts, before any peer is added.</summary>
    public virtual Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called when the network stops.</summary>
    public virtual Task StopAsync() => Task.CompletedTask;

    /// <summary>A peer connected. Runs before its first message is received.</summary>
    public virtual void AddPeer(Peer peer)
    {
    }

    /// <summary>A peer disconnected.</summary>
    public virtual void RemovePeer(Peer peer)
    {
    }

    /// <summary>
    /// Handles one message. A <see cref="MessageException"/> costs the peer an invalid-message penalty; any
    /// other exception closes the connection.
    /// </summary>
    public abstract ValueTask ReceiveAsync(Peer peer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>Sends to every connected peer for which <paramref name="filter"/> is true (all when null).</summary>
    protected void Broadcast(ReadOnlyMemory<byte> payload, Func<Peer, bool>? filter = null) => Network.Broadcast(Channel, payload, filter);

    protected void Report(Peer peer, Misbehaviour misbehaviour) => Network.Report(peer, misbehaviour);

    /// <summary>Logs a failure of this reactor's own background work (nobody else would see it).</summary>
    protected void ReportFailure(Exception error) => Network.LogReactorFailure(Channel, error);
}
