using EnergyChain.P2P.Framing;
using EnergyChain.P2P.Network;
using EnergyChain.P2P.Scoring;

namespace EnergyChain.P2P.Peers;

public sealed record PeerConnectionOptions
{
    /// <summary>Hard limit on an encrypted frame's payload.</summary>
    public int MaxFrameSize { get; init; } = FrameCodec.DefaultMaxFrameSize;

    /// <summary>Messages waiting to be sent; a peer that lets more pile up is disconnected.</summary>
    public int SendQueueCapacity { get; init; } = 1024;

    /// <summary>Disconnect when nothing arrived for this long. Keep-alives go out at a third of it.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Control messages (pings, pongs, keep-alives) per second a peer may send; more are dropped unanswered and
    /// cost a flood penalty. The burst stays below <see cref="SendQueueCapacity"/> so that answering it cannot
    /// overflow the send queue.
    /// </summary>
    public RateLimit ControlRate { get; init; } = new(100, 500);

    /// <summary>Where invalid frames and messages are reported (optional).</summary>
    public PeerScoreBook? ScoreBook { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
