using System.Numerics;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Core.Tests.Execution;

public sealed class EvidenceTests
{
    private const ulong Staked = 1_000_000;

    [Fact]
    public void Valid_double_sign_evidence_slashes_burns_and_excludes_identically_on_every_node()
    {
        var producer = new TestChain(users: 3, seed: "evidence");
        var validator = new TestChain(users: 3, seed: "evidence");
        var (offender, reporter) = (producer.Users[0], producer.Users[1]);
        var staking = producer.Commit([producer.Signed(offender, 0, new StakePayload(Staked))]);
        var supplyBefore = Supply(producer);

        var evidence = producer.Signed(reporter, 0, DoubleSign(offender, height: 1), fee: 3);
        var block = producer.Build([evidence]);
        Assert.Single(block.Transactions);
        var result = producer.Chain.TryAppend(block);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(new SlashRecord(offender.Address, PenaltyReason.DoubleSign, 1, Staked / 10), Assert.Single(result.Slashes));
        var slashed = producer.Chain.GetAccount(offender.Address);
        Assert.Equal(Staked - (Staked / 10), slashed.Stake);
        Assert.Equal(Staked / 10, slashed.SlashedTotal);
        Assert.Equal(1UL, slashed.LastSlashedHeight);
        Assert.Equal(2UL + 100, slashed.ExcludedUntilHeight);
        Assert.Equal(TestChain.InitialBalance - Staked, slashed.Balance);
        Assert.Equal(TestChain.InitialBalance - 3, producer.Chain.GetAccount(reporter.Address).Balance);

        // The slashed amount is burned: the supply shrinks by exactly that (the fee only moved to the producer).
        Assert.Equal(supplyBefore - (Staked / 10), Supply(producer));

        foreach (var b in new[] { staking, block })
        {
            Assert.True(validator.Chain.TryAppend(Block.Decode(b.Encode())).IsValid);
            Assert.Equal(b.Header.StateRoot, validator.Chain.StateRoot);
        }

        Assert.Equal(producer.Chain.StateRoot, validator.Chain.StateRoot);

        Assert.Equal(slashed, validator.Chain.GetAccount(offender.Address));
    }

    public static TheoryData<string, TxError> InvalidEvidence() => new()
    {
        { "same-hash", TxError.InvalidEvidence },
        { "different-heights", TxError.InvalidEvidence },
        { "different-slots", TxError.InvalidEvidence },
        { "different-signers", TxError.InvalidEvidence },
        { "bad-signature", TxError.InvalidEvidence },
        { "no-producer", TxError.InvalidEvidence },
        { "future-height", TxError.InvalidEvidence },
        { "unknown-offender", TxError.InvalidEvidence },
        { "repeated", TxError.EvidenceAlreadyUsed },
        { "older-than-last-slash", TxError.EvidenceAlreadyUsed },
    };

    [Theory]
    [MemberData(nameof(InvalidEvidence))]
    public void Invalid_evidence_is_refused_by_the_block_validator_and_the_mempool(string scenario, TxError expected)
    {
        var t = new TestChain(users: 4);
        var (offender, reporter, other) = (t.Users[0], t.Users[1], t.Users[2]);
        t.Commit([t.Signed(offender, 0, new StakePayload(Staked)), t.Signed(other, 0, new StakePayload(Staked))]);
        t.Commit([]);
        var reporterNonce = 0UL;
        if (scenario is "repeated" or "older-than-last-slash")
        {
            t.Commit([t.Signed(reporter, reporterNonce++, DoubleSign(offender, height: 2))]);
            Assert.Equal(2UL, t.Chain.GetAccount(offender.Address).LastSlashedHeight);
        }

        var first = Header(offender, 2, 0, 1);
        var payload = scenario switch
        {
            "same-hash" => EvidencePayload.DoubleSign(first, first),
            "different-heights" => EvidencePayload.DoubleSign(first, Header(offender, 1, 0, 2)),
            "different-slots" => EvidencePayload.DoubleSign(first, Header(offender, 2, 1, 2)),
            "different-signers" => EvidencePayload.DoubleSign(first, Header(other, 2, 0, 2)),
            "bad-signature" => EvidencePayload.DoubleSign(first, Header(offender, 2, 0, 2) with { Signature = first.Signature }),
            "no-producer" => EvidencePayload.DoubleSign(Unsigned(2, 1), Unsigned(2, 2)),
            "future-height" => DoubleSign(offender, height: 9),
            "unknown-offender" => DoubleSign(PrivateKey.FromSeed("evidence/stranger"), height: 2),
            "repeated" => EvidencePayload.DoubleSign(Header(offender, 2, 0, 2), Header(offender, 2, 0, 1)),
            "older-than-last-slash" => DoubleSign(offender, height: 1),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
        var bad = t.Signed(reporter, reporterNonce, payload, fee: 1);

        var before = t.Chain.StateRoot;
        var result = t.Chain.TryAppend(BlockExecutorTests.ForceBlock(t, [bad]));
        Assert.Equal(BlockError.InvalidTransaction, result.Error);
        Assert.Equal(expected, result.TxRejection!.Error);
        Assert.Equal(before, t.Chain.StateRoot);

        var admission = new TxPool(t.Chain).Add(bad.Encoded);
        Assert.Equal(TxAdmissionStatus.Rejected, admission.Status);
        Assert.Equal(expected, admission.Rejection!.Error);

        // The builder leaves it out rather than producing an invalid block.
        var built = t.Chain.Executor.BuildBlock(t.Chain, [bad], t.Producer, t.Chain.Head.Timestamp + 1);
        Assert.Empty(built.Block.Transactions);
        Assert.Equal(expected, Assert.Single(built.Skipped).Reason.Error);
    }

    [Fact]
    public void One_offence_is_slashed_once_even_within_one_block()
    {
        var t = new TestChain(users: 3);
        var (offender, a, b) = (t.Users[0], t.Users[1], t.Users[2]);
        t.Commit([t.Signed(offender, 0, new StakePayload(Staked))]);
        var once = t.Signed(a, 0, DoubleSign(offender, height: 1));
        var twice = t.Signed(b, 0, EvidencePayload.DoubleSign(Header(offender, 1, 0, 2), Header(offender, 1, 0, 1)));

        var result = t.Chain.TryAppend(BlockExecutorTests.ForceBlock(t, [once, twice]));
        Assert.Equal(1, result.TxIndex);
        Assert.Equal(TxError.EvidenceAlreadyUsed, result.TxRejection!.Error);

        t.Commit([once, twice]); // the builder keeps the first and skips the second
        Assert.Equal(Staked / 10, t.Chain.GetAccount(offender.Address).SlashedTotal);

        // A later offence is slashed again, from what is left.
        t.Commit([t.Signed(a, 1, DoubleSign(offender, height: 2))]);
        var account = t.Chain.GetAccount(offender.Address);
        Assert.Equal(Staked - (Staked / 10) - (Staked / 10 * 9 / 10), account.Stake);
        Assert.Equal(2UL, account.LastSlashedHeight);
    }

    [Fact]
    public void Pending_unbonding_is_slashed_too()
    {
        var t = new TestChain(users: 2);
        var (offender, reporter) = (t.Users[0], t.Users[1]);
        t.Commit([t.Signed(offender, 0, new StakePayload(Staked)), t.Signed(offender, 1, new UnstakePayload(600_000))]);
        Assert.Equal(101UL, t.Chain.GetAccount(offender.Address).UnbondingReleaseHeight);

        t.Commit([t.Signed(reporter, 0, DoubleSign(offender, height: 1))]);
        var account = t.Chain.GetAccount(offender.Address);
        Assert.Equal(360_000UL, account.Stake);
        Assert.Equal(540_000UL, account.Unbonding);
        Assert.Equal(101UL, account.UnbondingReleaseHeight);
        Assert.Equal(100_000UL, account.SlashedTotal);
        Assert.Equal(TestChain.InitialBalance - Staked, account.Balance);
    }

    [Fact]
    public void Matured_unbonding_is_released_before_the_slash()
    {
        // Evidence must arrive within the unbonding period to reach unstaked funds: once released they are free.
        var t = new TestChain(users: 2, parameters: new ChainParameters { ChainId = TestChain.DefaultChainId, UnbondingBlocks = 2 });
        var (offender, reporter) = (t.Users[0], t.Users[1]);
        t.Commit([t.Signed(offender, 0, new StakePayload(Staked)), t.Signed(offender, 1, new UnstakePayload(600_000))]); // release at 3
        t.Commit([]);
        t.Commit([t.Signed(reporter, 0, DoubleSign(offender, height: 1))]); // height 3
        var account = t.Chain.GetAccount(offender.Address);
        Assert.Equal(360_000UL, account.Stake);
        Assert.Equal(0UL, account.Unbonding);
        Assert.Equal(0UL, account.UnbondingReleaseHeight);
        Assert.Equal(TestChain.InitialBalance - Staked + 600_000, account.Balance);
        Assert.Equal(40_000UL, account.SlashedTotal);
    }

    [Fact]
    public void A_full_slash_burns_everything_locked_and_clears_the_release_height()
    {
        var t = new TestChain(users: 2, parameters: new ChainParameters { ChainId = TestChain.DefaultChainId, SlashPpm = 1_000_000, ExclusionBlocks = 7 });
        var (offender, reporter) = (t.Users[0], t.Users[1]);
        t.Commit([t.Signed(offender, 0, new StakePayload(Staked)), t.Signed(offender, 1, new UnstakePayload(1))]);
        t.Commit([t.Signed(reporter, 0, DoubleSign(offender, height: 1))]);
        var account = t.Chain.GetAccount(offender.Address);
        Assert.Equal(0UL, account.Stake);
        Assert.Equal(0UL, account.Unbonding);
        Assert.Equal(0UL, account.UnbondingReleaseHeight);
        Assert.Equal(Staked, account.SlashedTotal);
        Assert.Equal(2UL + 7, account.ExcludedUntilHeight);
    }

    [Fact]
    public void The_offender_may_report_itself_and_large_stakes_slash_without_overflow()
    {
        var offender = PrivateKey.FromSeed("evidence/whale");
        var t = new TestChain(users: 0);
        var stake = ulong.MaxValue - 1_000;
        var genesis = GenesisLoader.Create(
            TestChain.DefaultChainId, TestChain.GenesisTime, "single",
            [new GenesisMember("p", t.Producer.PublicKey)],
            [new GenesisAccount(offender.Address, 1_000, stake)],
            new ChainParameters { ChainId = TestChain.DefaultChainId, SlashPpm = 123_457 });
        var chain = Blockchain.Open(new InMemoryBlockStore(), genesis, t.Signatures);
        var tx = Transaction.Create(TestChain.DefaultChainId, offender, 0, 10, EvidencePayload.DoubleSign(Header(offender, 1, 4, 1), Header(offender, 1, 4, 2)));
        var built = chain.Executor.BuildBlock(chain, [tx], t.Producer, TestChain.GenesisTime + 1);
        Assert.Empty(built.Skipped);
        Assert.True(chain.TryAppend(built.Block).IsValid);

        var expectedCut = (ulong)(new BigInteger(stake) * 123_457 / 1_000_000);
        var account = chain.GetAccount(offender.Address);
        Assert.Equal(stake - expectedCut, account.Stake);
        Assert.Equal(expectedCut, account.SlashedTotal);
        Assert.Equal(990UL, account.Balance);
        Assert.Equal(1UL, account.Nonce);
    }

    [Fact]
    public void Evidence_round_trips_through_the_transaction_codec()
    {
        var key = PrivateKey.FromSeed("evidence/codec");
        var payload = DoubleSign(key, height: 12, slot: 3);
        var tx = Transaction.Create(TestChain.DefaultChainId, key, 0, 1, payload);
        var decoded = Transaction.Decode(tx.Encoded);
        Assert.Equal(payload, decoded.Payload);
        Assert.Equal(tx.Hash, decoded.Hash);
        Assert.Equal(TxType.Evidence, decoded.Type);
    }

    [Fact]
    public void Malformed_evidence_payloads_do_not_decode()
    {
        var key = PrivateKey.FromSeed("evidence/codec");
        var tx = Transaction.Create(TestChain.DefaultChainId, key, 0, 1, DoubleSign(key, height: 2));
        var bytes = tx.Encoded.ToArray();
        var payloadStart = 1 + 1 + TestChain.DefaultChainId.Length + PublicKey.Size + 8 + 8 + 1 + 4;

        var unknownKind = (byte[])bytes.Clone();
        unknownKind[payloadStart] = 2;
        Assert.Equal(DecodeError.UnknownType, Assert.Throws<DecodeException>(() => Transaction.Decode(unknownKind)).Error);

        var badHeaderVersion = (byte[])bytes.Clone();
        badHeaderVersion[payloadStart + 1 + 4] = 9; // the first header's version byte
        var e = Assert.Throws<DecodeException>(() => Transaction.Decode(badHeaderVersion));
        Assert.Contains("evidence first header", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Two different headers for one height and slot, both signed by <paramref name="signer"/>.</summary>
    internal static EvidencePayload DoubleSign(PrivateKey signer, ulong height, ulong slot = 0) =>
        EvidencePayload.DoubleSign(Header(signer, height, slot, 1), Header(signer, height, slot, 2));

    internal static BlockHeader Header(PrivateKey signer, ulong height, ulong slot, byte variant) =>
        Unsigned(height, variant, slot).SignWith(signer);

    internal static ulong Supply(TestChain t) =>
        t.Chain.State.SnapshotAccounts().Aggregate(0UL, (sum, a) => sum + a.Value.Balance + a.Value.Stake + a.Value.Unbonding);

    private static BlockHeader Unsigned(ulong height, byte variant, ulong slot = 0) => new()
    {
        Height = height,
        ParentHash = Hash256.Compute([variant]),
        Timestamp = TestChain.GenesisTime + variant,
        Slot = slot,
        TxRoot = MerkleTree.EmptyRoot,
        StateRoot = Hash256.Compute([variant, 1]),
    };
}
