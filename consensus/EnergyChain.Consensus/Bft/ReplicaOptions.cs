namespace EnergyChain.Consensus.Bft;

public sealed record ReplicaOptions
{
    /// <summary>How long to wait for the elected proposer of round 0 before voting nil (later rounds wait longer).</summary>
    public TimeSpan ProposeTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan PrevoteTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan PrecommitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Added to each timeout per round, so that rounds eventually last long enough for a slow network.</summary>
    public TimeSpan TimeoutIncrement { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Pause after a commit before the next height starts (collects transactions; paces an idle chain).</summary>
    public TimeSpan CommitDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often this replica sends its current-round proposal and votes again. Messages get lost (a peer that was
    /// restarting, a dropped connection); resending is what keeps a round from waiting forever for a lost vote.
    /// </summary>
    public TimeSpan RebroadcastInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages for rounds further ahead than this are ignored (bounds memory).</summary>
    public uint MaxRoundsAhead { get; init; } = 16;

    /// <summary>Messages kept for heights this replica has not reached yet (all of them together).</summary>
    public int MaxBufferedFutureMessages { get; init; } = 10_000;

    /// <summary>
    /// How many heights ahead messages are kept. More than one: a replica one height behind that is waiting out its
    /// commit delay hears the proposal two heights ahead, and catches up to that height from a certificate a moment
    /// later. Dropped, that proposal would only come again with the proposer's next rebroadcast.
    /// </summary>
    public uint FutureHeightsBuffered { get; init; } = 4;
}
