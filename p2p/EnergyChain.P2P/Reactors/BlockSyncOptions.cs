namespace EnergyChain.P2P.Reactors;

public sealed record BlockSyncOptions
{
    /// <summary>How often peers are told this node's head (also sent on connect).</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Blocks asked for in one request.</summary>
    public int RangeSize { get; init; } = 64;

    /// <summary>Requests outstanding at once, spread over peers.</summary>
    public int MaxRequestsInFlight { get; init; } = 8;

    public int MaxRequestsPerPeer { get; init; } = 3;

    /// <summary>A range not answered within this long is asked from another peer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes of fetched blocks waiting for their turn to be applied; beyond it no new ranges are asked.</summary>
    public long MaxBufferedBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How often the syncer looks at peers' heights even when nothing happened.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(100);
}
