using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Network;
using EnergyChain.P2P.Scoring;

namespace EnergyChain.P2P.Reactors;

/// <summary>
/// The consensus channel: opaque engine messages (votes, evidence, proof-score reports, model updates) routed by
/// category to the handler the engine registered. The P2P layer does not look inside; a category nobody handles
/// costs the sender a flood penalty.
/// </summary>
public sealed class ConsensusReactor : Reactor
{
    private readonly Dictionary<uint, ConsensusHandler> _handlers = [];
    private readonly Lock _lock = new();

    public override ChannelId Channel => ChannelId.Consensus;

    public override RateLimit MessageRate => new(1_000, 5_000);

    /// <summary>Registers (or replaces) the handler for a category.</summary>
    public void Handle(uint category, ConsensusHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (category is 0 or > ReactorCodec.MaxConsensusCategory)
        {
            throw new ArgumentOutOfRangeException(nameof(category), category, $"categories are 1..{ReactorCodec.MaxConsensusCategory}");
        }

        lock (_lock)
        {
            _handlers[category] = handler;
        }
    }

    /// <summary>Sends a message of <paramref name="category"/> to every peer.</summary>
    public void Broadcast(uint category, ReadOnlySpan<byte> payload) => Broadcast(ReactorCodec.EncodeConsensus(category, payload));

    public ValueTask<bool> SendAsync(Peer peer, uint category, ReadOnlySpan<byte> payload) =>
        peer.SendAsync(Channel, ReactorCodec.EncodeConsensus(category, payload));

    public override async ValueTask ReceiveAsync(Peer peer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var message = ReactorCodec.DecodeConsensus(payload.Span);
        ConsensusHandler? handler;
        lock (_lock)
        {
            handler = _handlers.GetValueOrDefault(message.Category);
        }

        if (handler is null)
        {
            Report(peer, Misbehaviour.Flood);
            return;
        }

        await handler(peer, message.Payload, cancellationToken).ConfigureAwait(false);
    }
}
