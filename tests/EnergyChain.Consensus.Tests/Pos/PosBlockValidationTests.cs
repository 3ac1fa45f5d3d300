using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Pos;
using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Pos;

/// <summary>What every honest pos node refuses: a block from a member that was not elected, or a bad tx or state root.</summary>
public sealed class PosBlockValidationTests
{
    private readonly BftCluster _cluster = new(4, seed: 21, stakeWeighted: true);
    private readonly PosEngine _engine;

    public PosBlockValidationTests()
    {
        _engine = new PosEngine(_cluster.Genesis);
    }

    private BftNode Node => _cluster.Nodes[0];

    [Fact]
    public void The_seal_validator_accepts_the_elected_producer_and_names_the_right_one_otherwise()
    {
        var elected = Elected(round: 0);
        var block = Build(elected, round: 0);
        Assert.True(_engine.SealValidator.Validate(block.Header, Context()).IsValid);

        var intruder = _cluster.Keys.First(k => !k.PublicKey.Equals(elected.PublicKey));
        var verdict = _engine.SealValidator.Validate(Build(intruder, round: 0).Header, Context());
        Assert.False(verdict.IsValid);
        Assert.Contains($"{elected.PublicKey} was", verdict.Error, StringComparison.Ordinal);

        // Round 1 elects someone else (the round-0 producer is left out), and only them.
        var second = Elected(round: 1);
        Assert.NotEqual(elected.PublicKey, second.PublicKey);
        Assert.True(_engine.SealValidator.Validate(Build(second, round: 1).Header, Context()).IsValid);
        Assert.False(_engine.SealValidator.Validate(Build(elected, round: 1).Header, Context()).IsValid);
    }

    [Fact]
    public void A_proposal_from_a_member_that_was_not_elected_is_refused_by_the_replica()
    {
        _cluster.Start();
        var elected = Elected(round: 0);
        var intruder = _cluster.Keys.First(k => !k.PublicKey.Equals(elected.PublicKey) && !k.PublicKey.Equals(_cluster.Keys[0].PublicKey));
        var forged = Proposal.Create(BftCluster.ChainId, 1, 0, -1, Build(intruder, round: 0), intruder);
        Assert.False(Node.Replica!.Receive(1, BftCodec.Encode(forged)));

        var honest = Proposal.Create(BftCluster.ChainId, 1, 0, -1, Build(elected, round: 0), elected);
        Assert.True(Node.Replica.Receive(1, BftCodec.Encode(honest)));
    }

    [Fact]
    public void A_block_with_a_bad_tx_root_or_state_root_is_invalid_even_when_the_elected_producer_signed_it()
    {
        var elected = Elected(round: 0);
        var tx = Transaction.Create(BftCluster.ChainId, _cluster.Users[0], 0, 1, new TransferPayload(_cluster.Users[1].Address, 5));
        var good = Node.Chain.Executor.BuildBlock(Node.Chain, [tx], elected, 1_795_000_001_000).Block;
        Assert.Null(Node.Application.Validate(good));

        var badTxRoot = Resign(good, good.Header with { TxRoot = Hash256.Compute("not the transactions"u8) }, elected);
        Assert.Contains("TxRootMismatch", Node.Application.Validate(badTxRoot), StringComparison.Ordinal);

        var badStateRoot = Resign(good, good.Header with { StateRoot = Hash256.Compute("not the state"u8) }, elected);
        Assert.Contains("StateRootMismatch", Node.Application.Validate(badStateRoot), StringComparison.Ordinal);

        // Someone else's signature over the elected producer's header: the core refuses the seal itself.
        var intruder = _cluster.Keys.First(k => !k.PublicKey.Equals(elected.PublicKey));
        var stolen = new Block(good.Header with { Signature = good.Header.SignWith(intruder).Signature }, good.Transactions);
        Assert.Contains("BadProducerSignature", Node.Application.Validate(stolen), StringComparison.Ordinal);
        Assert.Equal(0UL, Node.Chain.Head.Height);
    }

    private PrivateKey Elected(uint round)
    {
        var member = _engine.ProducerFor(Node.Chain, 1, round);
        return _cluster.Keys.Single(k => k.PublicKey.Equals(member));
    }

    private Block Build(PrivateKey producer, uint round) =>
        Node.Chain.Executor.BuildBlock(Node.Chain, [], producer, 1_795_000_001_000, slot: round).Block;

    private static Block Resign(Block block, BlockHeader header, PrivateKey producer) => new(header.SignWith(producer), block.Transactions);

    private SealContext Context()
    {
        var genesisBlock = Node.Chain.Store.GetBlock(0)!;
        return new SealContext(genesisBlock.Header, new NoHeaders(), Node.Chain);
    }

    private sealed class NoHeaders : IHeaderReader
    {
        public BlockHeader? GetHeader(Hash256 hash) => null;
    }
}
