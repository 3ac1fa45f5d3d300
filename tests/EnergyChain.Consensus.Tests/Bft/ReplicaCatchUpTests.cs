using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Tests.Bft;

/// <summary>
/// A replica one height behind the others, on a hand-driven clock: members 0-2 are played by the test (their
/// messages are signed here), member 3 is the replica under test.
/// </summary>
public sealed class ReplicaCatchUpTests
{
    private const string ChainId = "catch-up";
    private static readonly PrivateKey[] Keys = [.. Enumerable.Range(0, 4).Select(i => PrivateKey.FromSeed($"catch-up/{i}"))];

    [Fact]
    public void A_proposal_two_heights_ahead_heard_during_the_commit_delay_is_voted_on_after_catching_up()
    {
        var (replica, network, app) = DecideHeightOne(new ReplicaOptions { CommitDelay = TimeSpan.FromMilliseconds(200) });
        Assert.Equal(1UL, replica.Height);

        // The others decided height 2 while this replica waited out its commit delay, and height 3 was proposed.
        var block2 = BlockAt(2, app.Head.Hash);
        var block3 = BlockAt(3, block2.Hash);
        Deliver(replica, ProposalFor(block3));
        Assert.True(replica.Receive("member 0", BftCodec.EncodeCommit(block2, CertificateFor(block2))));

        // Caught up to height 3, it prevotes the proposal it had kept, without waiting for a rebroadcast.
        Assert.Equal(3UL, replica.Height);
        Assert.Contains(network.Sent, m => m.Vote is { Type: VoteType.Prevote, Height: 3 } vote && vote.BlockHash == block3.Hash);
        replica.Stop();
    }

    [Fact]
    public void Messages_beyond_the_buffered_heights_are_not_kept()
    {
        // Keeping only the next height: the proposal for height 3 heard at height 1 is dropped, so there is nothing to
        // vote on at height 3 until the proposer sends it again.
        var (replica, network, app) = DecideHeightOne(new ReplicaOptions { CommitDelay = TimeSpan.FromMilliseconds(200), FutureHeightsBuffered = 1 });
        var block2 = BlockAt(2, app.Head.Hash);
        var block3 = BlockAt(3, block2.Hash);
        Deliver(replica, ProposalFor(block3));
        Assert.True(replica.Receive("member 0", BftCodec.EncodeCommit(block2, CertificateFor(block2))));

        Assert.Equal(3UL, replica.Height);
        Assert.DoesNotContain(network.Sent, m => m.Vote is { Height: 3 });
        replica.Stop();
    }

    /// <summary>Starts the replica and has members 0-2 propose and precommit height 1.</summary>
    private static (Replica Replica, RecordingNetwork Network, FourMembers App) DecideHeightOne(ReplicaOptions options)
    {
        var app = new FourMembers();
        var network = new RecordingNetwork();
        var replica = new Replica(Keys[3], ChainId, CryptoBackends.Default, app, network, new ManualClock(), options);
        replica.Start();

        var block1 = BlockAt(1, app.Head.Hash);
        Deliver(replica, ProposalFor(block1));
        foreach (var vote in CertificateFor(block1).Precommits)
        {
            Assert.True(replica.Receive("member", BftCodec.Encode(vote)));
        }

        Assert.Equal(1UL, app.Head.Height);
        return (replica, network, app);
    }

    private static void Deliver(Replica replica, Proposal proposal) =>
        Assert.True(replica.Receive("proposer", BftCodec.Encode(proposal)));

    /// <summary>Members 0, 1, 2 propose heights 1, 2, 3 (and so on, in turn); member 3 never does.</summary>
    private static PrivateKey ProposerOf(ulong height) => Keys[(int)((height - 1) % 3)];

    private static Block BlockAt(ulong height, Hash256 parent)
    {
        var proposer = ProposerOf(height);
        var header = new BlockHeader { Height = height, ParentHash = parent, Timestamp = (long)height * 1_000, Slot = 0, Producer = proposer.PublicKey.ToArray() };
        return new Block(header.SignWith(proposer), []);
    }

    private static Proposal ProposalFor(Block block) => Proposal.Create(ChainId, block.Height, 0, -1, block, ProposerOf(block.Height));

    /// <summary>Precommits of members 0-2, in the certificate's canonical order (by voter key).</summary>
    private static CommitCertificate CertificateFor(Block block) =>
        new(block.Height, 0, block.Hash, [.. Keys.Take(3).Select(k => Vote.Create(ChainId, VoteType.Precommit, block.Height, 0, block.Hash, k)).OrderBy(v => v.Voter.ToString(), StringComparer.Ordinal)]);

    /// <summary>Four equal members; every block is valid; committing just moves the head.</summary>
    private sealed class FourMembers : IReplicaApplication
    {
        private readonly ValidatorSet _validators = new([.. Keys.Select(k => (k.PublicKey, 1UL))]);

        public ChainHead Head { get; private set; } = new(0, Hash256.Compute("genesis"u8), 0, Hash256.Zero);

        public ValidatorSet ValidatorsFor(ulong height) => _validators;

        public PublicKey ProposerFor(ulong height, uint round) => ProposerOf(height + round).PublicKey;

        public Block BuildProposal(ulong height, uint round, long timestamp) =>
            throw new InvalidOperationException("member 3 never proposes here");

        public string? Validate(Block block) => null;

        public void Commit(Block block, CommitCertificate certificate) =>
            Head = new ChainHead(block.Height, block.Hash, block.Header.Timestamp, Hash256.Zero);

        public void OnEvidence(Evidence evidence)
        {
        }

        public (Block Block, CommitCertificate Certificate)? GetCommitted(ulong height) => null;
    }
}
