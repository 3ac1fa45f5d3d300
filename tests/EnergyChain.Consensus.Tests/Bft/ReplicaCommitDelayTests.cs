using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Tests.Bft;

/// <summary>The pause between a decision and the next height, on a one-member replica and a hand-driven clock.</summary>
public sealed class ReplicaCommitDelayTests
{
    private static readonly TimeSpan CommitDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan CommitTakes = TimeSpan.FromMilliseconds(150);

    [Fact]
    public void The_time_a_commit_takes_counts_towards_the_commit_delay()
    {
        var key = PrivateKey.FromSeed("commit-delay");
        var clock = new ManualClock();
        var app = new SoloApplication(key, clock, CommitTakes);
        var replica = new Replica(key, "commit-delay", CryptoBackends.Default, app, new RecordingNetwork(), clock, new ReplicaOptions { CommitDelay = CommitDelay });

        replica.Start();
        Assert.Equal(1UL, app.Head.Height);

        // Decided at t=0, committed by t=150 ms: height 2 starts at 200 ms after the decision, not 200 ms after the commit.
        clock.Advance(CommitDelay - CommitTakes - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1UL, app.Head.Height);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2UL, app.Head.Height);
        replica.Stop();
    }

    [Fact]
    public void A_commit_longer_than_the_delay_starts_the_next_height_at_once()
    {
        // Heights 1 and 2 take longer to commit than the delay, height 3 no time: all three are in without a timer.
        var key = PrivateKey.FromSeed("commit-delay");
        var clock = new ManualClock();
        var app = new SoloApplication(key, clock, CommitDelay + CommitTakes, slowUntil: 2);
        var replica = new Replica(key, "commit-delay", CryptoBackends.Default, app, new RecordingNetwork(), clock, new ReplicaOptions { CommitDelay = CommitDelay });

        replica.Start();
        Assert.Equal(3UL, app.Head.Height);
        clock.Advance(CommitDelay);
        Assert.Equal(4UL, app.Head.Height);
        replica.Stop();
    }

    /// <summary>
    /// The only member: proposes empty blocks, finds them valid, and spends <c>commitTakes</c> committing each block up to
    /// height <c>slowUntil</c>, no time on later ones.
    /// </summary>
    private sealed class SoloApplication(PrivateKey key, ManualClock clock, TimeSpan commitTakes, ulong slowUntil = ulong.MaxValue) : IReplicaApplication
    {
        private readonly ValidatorSet _validators = new([(key.PublicKey, 1UL)]);

        public ChainHead Head { get; private set; } = new(0, Hash256.Compute("genesis"u8), 0, Hash256.Zero);

        public ValidatorSet ValidatorsFor(ulong height) => _validators;

        public PublicKey ProposerFor(ulong height, uint round) => key.PublicKey;

        public Block BuildProposal(ulong height, uint round, long timestamp) =>
            new(new BlockHeader { Height = height, ParentHash = Head.Hash, Timestamp = timestamp, Slot = round, Producer = key.PublicKey.ToArray() }.SignWith(key), []);

        public string? Validate(Block block) => null;

        public void Commit(Block block, CommitCertificate certificate)
        {
            if (block.Height <= slowUntil)
            {
                clock.Elapse(commitTakes);
            }

            Head = new ChainHead(block.Height, block.Hash, block.Header.Timestamp, Hash256.Zero);
        }

        public void OnEvidence(Evidence evidence)
        {
        }

        public (Block Block, CommitCertificate Certificate)? GetCommitted(ulong height) => null;
    }
}
