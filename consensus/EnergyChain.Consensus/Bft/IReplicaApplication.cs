using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Bft;

/// <summary>What the replica needs from the chain: the head, who votes and who proposes, building, validating and committing blocks.</summary>
public interface IReplicaApplication
{
    /// <summary>The last committed (final) block.</summary>
    ChainHead Head { get; }

    /// <summary>Who votes on <paramref name="height"/>, with what weight (from the state after height - 1).</summary>
    ValidatorSet ValidatorsFor(ulong height);

    /// <summary>The elected proposer of (height, round): the same answer on every node.</summary>
    PublicKey ProposerFor(ulong height, uint round);

    /// <summary>A new block for (height, round), built on the head and signed by this node.</summary>
    Block BuildProposal(ulong height, uint round, long timestamp);

    /// <summary>Null when <paramref name="block"/> is a valid next block (fully re-executed), else why not.</summary>
    string? Validate(Block block);

    /// <summary>Commits a final block on top of the head, with the certificate that proves it final.</summary>
    void Commit(Block block, CommitCertificate certificate);

    /// <summary>A member signed two conflicting messages at one position; called once per offence.</summary>
    void OnEvidence(Evidence evidence);

    /// <summary>A committed block and its certificate, to help a node that is behind.</summary>
    (Block Block, CommitCertificate Certificate)? GetCommitted(ulong height);
}

/// <summary>How the replica reaches the other members. <c>peer</c> is whatever <see cref="Replica.Receive"/> was given.</summary>
public interface IReplicaNetwork
{
    void Broadcast(byte[] message);

    void Send(object peer, byte[] message);
}

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
