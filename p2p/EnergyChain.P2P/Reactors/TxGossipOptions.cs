namespace EnergyChain.P2P.Reactors;

public sealed record TxGossipOptions
{
    /// <summary>How long new hashes are collected before one announce per peer goes out.</summary>
    public TimeSpan AnnounceInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>A requested body that has not arrived after this long may be requested from another peer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Hashes remembered per peer as "it has this", so it is not told again.</summary>
    public int KnownPerPeer { get; init; } = 20_000;

    /// <summary>Hashes remembered as invalid, so they are not fetched again.</summary>
    public int RememberInvalid { get; init; } = 50_000;

    /// <summary>Bytes of bodies in one answer.</summary>
    public int MaxBodiesBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Body messages from one peer waiting for admission. When this many wait, that peer's receive loop waits too
    /// (back-pressure) rather than the queue growing without bound.
    /// </summary>
    public int AdmissionQueueMessages { get; init; } = 64;
}
