using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Core.Tests.Execution;

public sealed class BlockExecutorTests
{
    [Fact]
    public void Transfers_move_balance_bump_nonce_and_pay_fees_to_the_producer()
    {
        var t = new TestChain(users: 2);
        var (a, b) = (t.Users[0], t.Users[1]);
        t.Commit([t.Transfer(a, b.Address, 1_000, fee: 10), t.Transfer(a, b.Address, 500, fee: 5)]);

        Assert.Equal(TestChain.InitialBalance - 1_515, t.Chain.GetAccount(a.Address).Balance);
        Assert.Equal(2UL, t.Chain.GetAccount(a.Address).Nonce);
        Assert.Equal(TestChain.InitialBalance + 1_500, t.Chain.GetAccount(b.Address).Balance);
        Assert.Equal(15UL, t.Chain.GetAccount(t.Producer.Address).Balance);
        Assert.Equal(1UL, t.Chain.Head.Height);
        Assert.Equal(t.Chain.StateRoot, t.Chain.Head.StateRoot);
    }

    [Fact]
    public void Stake_locks_balance_and_unstake_starts_unbonding()
    {
        // Unstaked funds no longer return at once: they unbond for ChainParameters.UnbondingBlocks (default 100).
        var t = new TestChain(users: 1);
        var a = t.Users[0];
        t.Commit([t.Signed(a, 0, new StakePayload(400)), t.Signed(a, 1, new UnstakePayload(150))]);
        var account = t.Chain.GetAccount(a.Address);
        Assert.Equal(250UL, account.Stake);
        Assert.Equal(150UL, account.Unbonding);
        Assert.Equal(1UL + 100, account.UnbondingReleaseHeight);
        Assert.Equal(TestChain.InitialBalance - 400, account.Balance);
    }

    [Fact]
    public void Without_an_unbonding_period_unstake_returns_at_once()
    {
        var t = new TestChain(users: 1, parameters: new ChainParameters { ChainId = TestChain.DefaultChainId, UnbondingBlocks = 0 });
        var a = t.Users[0];
        t.Commit([t.Signed(a, 0, new StakePayload(400)), t.Signed(a, 1, new UnstakePayload(150))]);
        var account = t.Chain.GetAccount(a.Address);
        Assert.Equal(250UL, account.Stake);
        Assert.Equal(0UL, account.Unbonding);
        Assert.Equal(0UL, account.UnbondingReleaseHeight);
        Assert.Equal(TestChain.InitialBalance - 250, account.Balance);
    }

    [Fact]
    public void Reports_are_recorded_in_blocks_and_only_cost_nonce_and_fee()
    {
        var t = new TestChain(users: 1);
        var a = t.Users[0];
        var energy = t.Signed(a, 0, new EnergyReportPayload(0, 7_450, 12_410), fee: 2);
        var ev = t.Signed(a, 1, new EvReportPayload(550_000, 800_000, 0, 3_500, false), fee: 2);
        var block = t.Commit([energy, ev]);

        Assert.Equal(TestChain.InitialBalance - 4, t.Chain.GetAccount(a.Address).Balance);
        Assert.Equal(2UL, t.Chain.GetAccount(a.Address).Nonce);
        var stored = t.Store.GetBlock(block.Height)!;
        Assert.Equal(new EnergyReportPayload(0, 7_450, 12_410), stored.Transactions[0].Payload);
        Assert.Equal(new EvReportPayload(550_000, 800_000, 0, 3_500, false), stored.Transactions[1].Payload);
    }

    [Fact]
    public void Transfer_to_self_only_costs_the_fee()
    {
        var t = new TestChain(users: 1);
        var a = t.Users[0];
        t.Commit([t.Transfer(a, a.Address, 77, fee: 3)]);
        Assert.Equal(TestChain.InitialBalance - 3, t.Chain.GetAccount(a.Address).Balance);
    }

    public static TheoryData<string, TxError> InvalidTransactions() => new()
    {
        { "replay", TxError.NonceTooLow },
        { "gap", TxError.NonceGap },
        { "wrong-chain", TxError.WrongChainId },
        { "insufficient", TxError.InsufficientBalance },
        { "fee-unaffordable", TxError.InsufficientBalance },
        { "unstake-more", TxError.InsufficientStake },
        { "zero", TxError.ZeroAmount },
        { "bad-signature", TxError.BadSignature },
        { "duplicate", TxError.DuplicateInBlock },
        { "fee-too-low", TxError.FeeTooLow },
    };

    [Theory]
    [MemberData(nameof(InvalidTransactions))]
    public void A_block_with_one_invalid_transaction_is_rejected_whole(string scenario, TxError expected)
    {
        var t = new TestChain(users: 3, parameters: new ChainParameters { ChainId = TestChain.DefaultChainId, MinTxFee = scenario == "fee-too-low" ? 2UL : 0UL });
        var (a, b, c) = (t.Users[0], t.Users[1], t.Users[2]);
        if (scenario == "replay")
        {
            t.Commit([t.Signed(a, 0, new TransferPayload(b.Address, 1))]);
        }

        // The good transaction comes first and pays a 5, so "insufficient" amounts below exceed that too.
        var good = t.Signed(c, 0, new TransferPayload(a.Address, 5));
        var bad = scenario switch
        {
            "replay" => t.Signed(a, 0, new TransferPayload(b.Address, 1)),
            "gap" => t.Signed(a, 5, new TransferPayload(b.Address, 1)),
            "wrong-chain" => t.Signed(a, 0, new TransferPayload(b.Address, 1), chainId: "another-chain"),
            "insufficient" => t.Signed(a, 0, new TransferPayload(b.Address, TestChain.InitialBalance + 100)),
            "fee-unaffordable" => t.Signed(a, 0, new StakePayload(1), fee: TestChain.InitialBalance + 100),
            "unstake-more" => t.Signed(a, 0, new UnstakePayload(1)),
            "zero" => t.Signed(a, 0, new TransferPayload(b.Address, 0)),
            "bad-signature" => CorruptSignature(t.Signed(a, 0, new TransferPayload(b.Address, 1))),
            "duplicate" => good,
            "fee-too-low" => t.Signed(a, 0, new TransferPayload(b.Address, 1), fee: 1),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
        var goodWithFee = scenario == "fee-too-low" ? t.Signed(c, 0, new TransferPayload(a.Address, 5), fee: 2) : good;

        var before = t.Chain.StateRoot;
        var block = ForceBlock(t, [goodWithFee, bad]);
        var result = t.Chain.TryAppend(block);

        Assert.False(result.IsValid);
        Assert.Equal(BlockError.InvalidTransaction, result.Error);
        Assert.Equal(expected, result.TxRejection!.Error);
        Assert.Equal(1, result.TxIndex);
        Assert.Equal(before, t.Chain.StateRoot);
        Assert.Equal(TestChain.InitialBalance, t.Chain.GetAccount(c.Address).Balance);
        Assert.Null(t.Store.GetTxLocation(goodWithFee.Hash));
    }

    [Fact]
    public void Recipient_balance_overflow_is_refused()
    {
        // Supply is capped at 2^64-1 by genesis, so build the overflow from a genesis that holds it all.
        var rich = PrivateKey.FromSeed("overflow/rich");
        var poor = PrivateKey.FromSeed("overflow/poor");
        var t = new TestChain(users: 0);
        var genesis = Core.Genesis.GenesisLoader.Create(
            TestChain.DefaultChainId, TestChain.GenesisTime, "single",
            [new Core.Genesis.GenesisMember("p", t.Producer.PublicKey)],
            [new Core.Genesis.GenesisAccount(rich.Address, ulong.MaxValue - 10, 0), new Core.Genesis.GenesisAccount(poor.Address, 10, 0)]);
        var chain = Core.Chain.Blockchain.Open(new Core.Storage.InMemoryBlockStore(), genesis, t.Signatures);
        var overlay = new Core.State.StateOverlay(chain);
        overlay.SetAccount(poor.Address, new Core.State.Account(ulong.MaxValue, 0, 0, 0));
        var tx = Transaction.Create(TestChain.DefaultChainId, rich, 0, 0, new TransferPayload(poor.Address, 1));
        Assert.Equal(TxError.Overflow, chain.Executor.Execute(overlay, tx, height: 1)!.Error);
        Assert.Equal(ulong.MaxValue, overlay.GetAccount(poor.Address).Balance);
        Assert.Equal(0UL, overlay.GetAccount(rich.Address).Nonce);
    }

    [Fact]
    public void Header_errors_are_typed()
    {
        var t = new TestChain(users: 2);
        var block = t.Build(t.RoundRobinTransfers(4));

        Assert.Equal(BlockError.WrongHeight, t.Chain.Executor.Apply(t.Chain, Resign(t, block, h => h with { Height = 5 })).Error);
        Assert.Equal(BlockError.WrongParent, t.Chain.Executor.Apply(t.Chain, Resign(t, block, h => h with { ParentHash = Hash256.Compute([1]) })).Error);
        Assert.Equal(BlockError.TimestampBeforeParent, t.Chain.Executor.Apply(t.Chain, Resign(t, block, h => h with { Timestamp = 0 })).Error);
        Assert.Equal(BlockError.TxRootMismatch, t.Chain.Executor.Apply(t.Chain, Resign(t, block, h => h with { TxRoot = Hash256.Compute([2]) })).Error);
        Assert.Equal(BlockError.StateRootMismatch, t.Chain.Executor.Apply(t.Chain, Resign(t, block, h => h with { StateRoot = Hash256.Compute([3]) })).Error);

        var forged = new Block(block.Header with { Slot = 99 }, block.Transactions); // changed after signing
        Assert.Equal(BlockError.BadProducerSignature, t.Chain.Executor.Apply(t.Chain, forged).Error);

        var unsigned = new Block(block.Header with { Producer = new byte[33] }, block.Transactions);
        Assert.Equal(BlockError.MissingProducer, t.Chain.Executor.Apply(t.Chain, unsigned).Error);

        Assert.True(t.Chain.TryAppend(block).IsValid);
    }

    [Fact]
    public void Block_limits_are_enforced()
    {
        var t = new TestChain(users: 4, parameters: new ChainParameters { ChainId = TestChain.DefaultChainId, MaxBlockTransactions = 3 });
        var txs = t.RoundRobinTransfers(4);
        var built = t.Build(txs);
        Assert.Equal(3, built.Transactions.Count); // the builder respects the limit
        var oversized = ForceBlock(t, txs);
        Assert.Equal(BlockError.TooManyTransactions, t.Chain.TryAppend(oversized).Error);
    }

    [Fact]
    public void Builder_skips_invalid_candidates_and_its_block_applies()
    {
        var t = new TestChain(users: 2);
        var (a, b) = (t.Users[0], t.Users[1]);
        var valid = t.Signed(a, 0, new TransferPayload(b.Address, 1));
        var gap = t.Signed(a, 3, new TransferPayload(b.Address, 1));
        var built = t.Chain.Executor.BuildBlock(t.Chain, [valid, gap, valid], t.Producer, TestChain.GenesisTime + 1);
        Assert.Single(built.Block.Transactions);
        Assert.Equal(2, built.Skipped.Count);
        Assert.True(t.Chain.TryAppend(built.Block).IsValid);
    }

    [Fact]
    public void Every_node_computes_the_same_state_root()
    {
        var producer = new TestChain(users: 8, seed: "same");
        var validator = new TestChain(users: 8, seed: "same");
        for (var i = 0; i < 5; i++)
        {
            var block = producer.Commit(producer.RoundRobinTransfers(50, amount: (ulong)(i + 1)));
            Assert.True(validator.Chain.TryAppend(Block.Decode(block.Encode())).IsValid);
            Assert.Equal(producer.Chain.StateRoot, validator.Chain.StateRoot);
        }
    }

    /// <summary>Signs a block around the given transactions without the builder's filtering.</summary>
    internal static Block ForceBlock(TestChain t, IReadOnlyList<Transaction> transactions)
    {
        var header = new BlockHeader
        {
            Height = t.Chain.Head.Height + 1,
            ParentHash = t.Chain.Head.Hash,
            Timestamp = t.Chain.Head.Timestamp + 1,
            TxRoot = Block.ComputeTxRoot(transactions),
            StateRoot = t.Chain.StateRoot,
        }.SignWith(t.Producer);
        return new Block(header, transactions);
    }

    private static Block Resign(TestChain t, Block block, Func<BlockHeader, BlockHeader> change) =>
        new(change(block.Header).SignWith(t.Producer), block.Transactions);

    private static Transaction CorruptSignature(Transaction tx)
    {
        var bytes = tx.Encoded.ToArray();
        bytes[^10] ^= 0x40;
        return Transaction.Decode(bytes);
    }
}
