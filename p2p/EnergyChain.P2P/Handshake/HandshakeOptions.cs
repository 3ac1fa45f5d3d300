using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Scoring;

namespace EnergyChain.P2P.Handshake;

/// <summary>What a node needs to authenticate a peer.</summary>
public sealed record HandshakeOptions
{
    public required PrivateKey NodeKey { get; init; }

    public required string ChainId { get; init; }

    public required Hash256 GenesisHash { get; init; }

    public required IMembership Membership { get; init; }

    /// <summary>Refuse keys this book currently bans (optional).</summary>
    public PeerScoreBook? ScoreBook { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
