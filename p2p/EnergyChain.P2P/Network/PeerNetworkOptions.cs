using System.Net;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Peers;
using EnergyChain.P2P.Scoring;

namespace EnergyChain.P2P.Network;

public sealed record PeerNetworkOptions
{
    /// <summary>Key, chain id, genesis hash and member set. Its score book is replaced by the network's.</summary>
    public required HandshakeOptions Handshake { get; init; }

    public PeerConnectionOptions Connection { get; init; } = new();

    /// <summary>Where to accept connections (port 0 picks a free one); null to accept none.</summary>
    public IPEndPoint? Listen { get; init; }

    /// <summary>Peers to keep dialing whatever happens (from config).</summary>
    public IReadOnlyList<PeerAddress> BootstrapPeers { get; init; } = [];

    public int MaxInbound { get; init; } = 16;

    public int MaxOutbound { get; init; } = 8;

    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait before redialing an address; doubles per failure up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the dialer looks for addresses to dial.</summary>
    public TimeSpan DialInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>An address learned from peers is forgotten after this many failed dials in a row.</summary>
    public int MaxDialFailures { get; init; } = 8;

    /// <summary>Addresses kept at most (bootstrap peers are always kept).</summary>
    public int MaxAddresses { get; init; } = 1000;

    /// <summary>Bytes per second one peer may send, over all channels.</summary>
    public RateLimit ByteRate { get; init; } = new(64 * 1024 * 1024, 128 * 1024 * 1024);

    public PeerScoreOptions Scores { get; init; } = new();

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
