namespace EnergyChain.P2P.Scoring;

public sealed record PeerScoreOptions
{
    /// <summary>Score at or above which a peer is banned.</summary>
    public int BanThreshold { get; init; } = 100;

    public TimeSpan BanDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Points forgiven per minute of good behaviour, so that an honest peer's rare slips (a burst over a rate
    /// limit, a timeout) do not add up to a ban over days of uptime.
    /// </summary>
    public int DecayPerMinute { get; init; } = 10;

    public int InvalidFramePenalty { get; init; } = 100;

    public int InvalidMessagePenalty { get; init; } = 20;

    public int FloodPenalty { get; init; } = 10;

    public int InvalidBlockPenalty { get; init; } = 50;

    public int FailedHandshakePenalty { get; init; } = 34;

    /// <summary>Entries kept at most; beyond it unbanned entries are forgotten first, so strangers cannot grow the book.</summary>
    public int MaxEntries { get; init; } = 10_000;

    public int PenaltyFor(Misbehaviour misbehaviour) => misbehaviour switch
    {
        Misbehaviour.InvalidFrame => InvalidFramePenalty,
        Misbehaviour.InvalidMessage => InvalidMessagePenalty,
        Misbehaviour.Flood => FloodPenalty,
        Misbehaviour.InvalidBlock => InvalidBlockPenalty,
        Misbehaviour.FailedHandshake => FailedHandshakePenalty,
        _ => throw new ArgumentOutOfRangeException(nameof(misbehaviour), misbehaviour, null),
    };
}
