using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Core.Tests.Execution;

public sealed class BlockIncentivesTests
{
    private const ulong Staked = 1_000_000;
    private const ulong Reward = 5_000;

    [Fact]
    public void Penalties_apply_before_the_transactions_and_the_reward_is_minted_to_the_producer()
    {
        var t = new TestChain(users: 2, seed: "incentives");
        var offender = t.Users[0];
        var incentives = new FakeIncentives { Reward = Reward };
        var chain = Blockchain.Open(new InMemoryBlockStore(), t.Genesis, t.Signatures, incentives);

        var first = Build(chain, t, [t.Signed(offender, 0, new StakePayload(Staked), fee: 2)]);
        var result = chain.TryAppend(first);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(Reward, result.Reward);
        Assert.Equal(Reward + 2, chain.GetAccount(t.Producer.Address).Balance);

        // Block 2 penalises the offender for a missed slot at height 2. Unstaking all of the original stake
        // in the same block fails: the penalty has already taken 10 % of it.
        incentives.Penalties[2] = [new Penalty(offender.PublicKey, PenaltyReason.MissedSlot, 2)];
        var tooMuch = t.Signed(offender, 1, new UnstakePayload(Staked));
        var forced = ForceBlock(chain, t, [tooMuch]);
        Assert.Equal(TxError.InsufficientStake, chain.Executor.Apply(chain, forced).TxRejection!.Error);

        var built = chain.Executor.BuildBlock(chain, [tooMuch, t.Signed(offender, 1, new UnstakePayload(Staked - (Staked / 10)))], t.Producer, chain.Head.Timestamp + 1);
        Assert.Equal(TxError.InsufficientStake, Assert.Single(built.Skipped).Reason.Error);
        result = chain.TryAppend(built.Block);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(new SlashRecord(offender.Address, PenaltyReason.MissedSlot, 2, Staked / 10), Assert.Single(result.Slashes));

        var account = chain.GetAccount(offender.Address);
        Assert.Equal(0UL, account.Stake);
        Assert.Equal(Staked - (Staked / 10), account.Unbonding);
        Assert.Equal(Staked / 10, account.SlashedTotal);
        Assert.Equal(2UL, account.LastSlashedHeight);
        Assert.Equal(2UL + 100, account.ExcludedUntilHeight);
        Assert.Equal((2 * Reward) + 2, chain.GetAccount(t.Producer.Address).Balance);
    }

    [Fact]
    public void What_building_a_block_computes_is_what_applying_it_computes()
    {
        // The proposer commits its own block with the builder's result (no second run): it must be Apply's, field by field.
        var t = new TestChain(users: 3, seed: "incentives");
        var offender = t.Users[0];
        var incentives = new FakeIncentives { Reward = Reward };
        var chain = Blockchain.Open(new InMemoryBlockStore(), t.Genesis, t.Signatures, incentives);
        Assert.True(chain.TryAppend(Build(chain, t, [t.Signed(offender, 0, new StakePayload(Staked), fee: 2)])).IsValid);

        incentives.Penalties[2] = [new Penalty(offender.PublicKey, PenaltyReason.MissedSlot, 2)];
        var candidates = new[]
        {
            t.Signed(offender, 1, new UnstakePayload(Staked)),                 // skipped: the penalty took 10 %
            t.Signed(offender, 1, new UnstakePayload(Staked / 2), fee: 3),
            t.Transfer(t.Users[1], t.Users[2].Address, 7_000, fee: 5),
            t.Transfer(t.Users[2], t.Users[1].Address, 1_000, fee: 1),
        };
        var built = chain.Executor.BuildBlock(chain, candidates, t.Producer, chain.Head.Timestamp + 1);
        var applied = chain.Executor.Apply(chain, built.Block);

        Assert.True(applied.IsValid, applied.ToString());
        Assert.True(built.Result.IsValid);
        Assert.Equal(applied.Changes.Accounts, built.Result.Changes.Accounts);
        Assert.Equal(applied.StateRoot, built.Result.StateRoot);
        Assert.Equal(built.Block.Header.StateRoot, built.Result.StateRoot);
        Assert.Equal(9UL, built.Result.FeesCollected);
        Assert.Equal(applied.FeesCollected, built.Result.FeesCollected);
        Assert.Equal(applied.Reward, built.Result.Reward);
        Assert.Equal(applied.Slashes, built.Result.Slashes);
        Assert.Single(built.Result.Slashes);
        Assert.Equal(applied.ContractReceipts, built.Result.ContractReceipts);
    }

    [Fact]
    public void Validators_with_the_same_rules_agree_and_one_without_them_refuses_the_block()
    {
        var t = new TestChain(users: 2, seed: "incentives");
        var offender = t.Users[0];
        FakeIncentives Rules() => new()
        {
            Reward = Reward,
            Penalties = { [2] = [new Penalty(offender.PublicKey, PenaltyReason.MissedSlot, 2)] },
        };
        var producer = Blockchain.Open(new InMemoryBlockStore(), t.Genesis, t.Signatures, Rules());
        var validator = Blockchain.Open(new InMemoryBlockStore(), t.Genesis, new SignatureVerifier(t.Crypto), Rules());
        var plain = Blockchain.Open(new InMemoryBlockStore(), t.Genesis, t.Signatures);

        var blocks = new[]
        {
            Build(producer, t, [t.Signed(offender, 0, new StakePayload(Staked))]),
        }.ToList();
        Assert.True(producer.TryAppend(blocks[0]).IsValid);
        blocks.Add(Build(producer, t, [t.Signed(offender, 1, new UnstakePayload(1))]));
        Assert.True(producer.TryAppend(blocks[1]).IsValid);

        foreach (var block in blocks)
        {
            Assert.True(validator.TryAppend(Block.Decode(block.Encode())).IsValid);
            Assert.Equal(block.Header.StateRoot, validator.StateRoot);
        }

        Assert.Equal(producer.StateRoot, validator.StateRoot);

        Assert.Equal(BlockError.StateRootMismatch, plain.TryAppend(blocks[0]).Error);
    }

    [Fact]
    public void Penalties_are_applied_in_a_fixed_order_and_once_per_offence()
    {
        var t = new TestChain(users: 3, seed: "incentives");
        var (a, b) = (t.Users[0], t.Users[1]);
        var stranger = PrivateKey.FromSeed("incentives/stranger");
        var incentives = new FakeIncentives();
        var chain = Blockchain.Open(new InMemoryBlockStore(), t.Genesis, t.Signatures, incentives);
        Assert.True(chain.TryAppend(Build(chain, t, [t.Signed(a, 0, new StakePayload(Staked)), t.Signed(b, 0, new StakePayload(Staked))])).IsValid);

        // Listed out of order, with a duplicate, and for a member that has no account yet.
        incentives.Penalties[2] =
        [
            new Penalty(a.PublicKey, PenaltyReason.MissedSlot, 2),
            new Penalty(stranger.PublicKey, PenaltyReason.MissedSlot, 2),
            new Penalty(a.PublicKey, PenaltyReason.InvalidBlock, 1),
            new Penalty(a.PublicKey, PenaltyReason.MissedSlot, 2),
            new Penalty(b.PublicKey, PenaltyReason.InvalidBlock, 2),
        ];
        var result = chain.TryAppend(Build(chain, t, []));
        Assert.True(result.IsValid, result.ToString());

        // Height 1 first, then height 2 by address; a's second height-2 penalty is the same offence.
        Assert.Equal(4, result.Slashes.Count);
        Assert.Equal(new SlashRecord(a.Address, PenaltyReason.InvalidBlock, 1, Staked / 10), result.Slashes[0]);
        Assert.Equal(Staked - (Staked / 10) - (Staked / 10 * 9 / 10), chain.GetAccount(a.Address).Stake);
        Assert.Equal(Staked - (Staked / 10), chain.GetAccount(b.Address).Stake);
        var excluded = chain.GetAccount(stranger.Address);
        Assert.Equal(2UL + 100, excluded.ExcludedUntilHeight);
        Assert.Equal(2UL, excluded.LastSlashedHeight);
        Assert.False(excluded.IsEmpty);

        // Evidence for an offence the engine already punished at that height is used up.
        var evidence = t.Signed(t.Users[2], 0, EvidenceTests.DoubleSign(b, height: 2));
        var forced = ForceBlock(chain, t, [evidence]);
        Assert.Equal(TxError.EvidenceAlreadyUsed, chain.Executor.Apply(chain, forced).TxRejection!.Error);
    }

    [Fact]
    public void A_penalty_outside_the_chain_is_an_invalid_block()
    {
        var t = new TestChain(users: 1, seed: "incentives");
        var incentives = new FakeIncentives();
        var chain = Blockchain.Open(new InMemoryBlockStore(), t.Genesis, t.Signatures, incentives);
        var block = Build(chain, t, []);
        incentives.Penalties[1] = [new Penalty(t.Users[0].PublicKey, PenaltyReason.MissedSlot, 2)];

        Assert.Equal(BlockError.InvalidPenalty, chain.TryAppend(block).Error);
        Assert.Throws<InvalidOperationException>(() => Build(chain, t, []));

        incentives.Penalties[1] = [new Penalty(t.Users[0].PublicKey, PenaltyReason.MissedSlot, 0)];
        Assert.Equal(BlockError.InvalidPenalty, chain.TryAppend(block).Error);
    }

    [Fact]
    public void A_reward_that_would_overflow_the_producer_refuses_the_block()
    {
        var t = new TestChain(users: 1, seed: "incentives");
        var incentives = new FakeIncentives { Reward = ulong.MaxValue };
        var chain = Blockchain.Open(new InMemoryBlockStore(), t.Genesis, t.Signatures, incentives);
        var block = Build(chain, t, []); // at the builder: no fees yet, so the reward alone fits
        Assert.True(chain.TryAppend(block).IsValid);
        Assert.Equal(ulong.MaxValue, chain.GetAccount(t.Producer.Address).Balance);

        incentives.Reward = 1;
        var next = ForceBlock(chain, t, []);
        Assert.Equal(BlockError.RewardOverflow, chain.Executor.Apply(chain, next).Error);
        Assert.Throws<InvalidOperationException>(() => Build(chain, t, []));
    }

    private static Block Build(Blockchain chain, TestChain t, IEnumerable<Transaction> txs) =>
        chain.Executor.BuildBlock(chain, txs, t.Producer, chain.Head.Timestamp + 1000).Block;

    private static Block ForceBlock(Blockchain chain, TestChain t, IReadOnlyList<Transaction> transactions)
    {
        var header = new BlockHeader
        {
            Height = chain.Head.Height + 1,
            ParentHash = chain.Head.Hash,
            Timestamp = chain.Head.Timestamp + 1,
            TxRoot = Block.ComputeTxRoot(transactions),
            StateRoot = chain.StateRoot,
        }.SignWith(t.Producer);
        return new Block(header, transactions);
    }

    /// <summary>Penalties by block height and a fixed reward: what a consensus engine would decide.</summary>
    internal sealed class FakeIncentives : IBlockIncentives
    {
        public Dictionary<ulong, List<Penalty>> Penalties { get; } = new();

        public ulong Reward { get; set; }

        public IReadOnlyList<Penalty> PenaltiesFor(BlockHeader header, IChainState parentState)
        {
            Assert.Equal(parentState.Head.Height + 1, header.Height);
            return Penalties.TryGetValue(header.Height, out var list) ? list : [];
        }

        public ulong BlockRewardFor(BlockHeader header, IChainState parentState) => Reward;
    }
}
