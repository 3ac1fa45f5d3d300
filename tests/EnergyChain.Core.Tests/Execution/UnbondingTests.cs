using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Core.Tests.Execution;

public sealed class UnbondingTests
{
    private const ulong Period = 3;

    private static TestChain Chain(int users = 2) =>
        new(users, parameters: new ChainParameters { ChainId = TestChain.DefaultChainId, UnbondingBlocks = Period });

    [Fact]
    public void Unstaked_funds_are_locked_until_the_release_height()
    {
        var t = Chain();
        var (a, b) = (t.Users[0], t.Users[1]);
        t.Commit([t.Signed(a, 0, new StakePayload(TestChain.InitialBalance))]); // height 1: everything staked
        t.Commit([t.Signed(a, 1, new UnstakePayload(1_000))]);                  // height 2: release at 5

        var account = t.Chain.GetAccount(a.Address);
        Assert.Equal(0UL, account.Balance);
        Assert.Equal(TestChain.InitialBalance - 1_000, account.Stake);
        Assert.Equal(1_000UL, account.Unbonding);
        Assert.Equal(2 + Period, account.UnbondingReleaseHeight);

        // Heights 3 and 4: the funds are still locked; any spend is refused.
        for (var height = 3UL; height < 2 + Period; height++)
        {
            var spend = t.Signed(a, 2, new TransferPayload(b.Address, 1));
            var result = t.Chain.TryAppend(BlockExecutorTests.ForceBlock(t, [spend]));
            Assert.Equal(TxError.InsufficientBalance, result.TxRejection!.Error);
            t.Commit([]);
            Assert.Equal(height, t.Chain.Head.Height);
        }

        // Height 5: the sender's next transaction releases them first and may spend all of it.
        var all = t.Signed(a, 2, new TransferPayload(b.Address, 1_000));
        t.Commit([all]);
        account = t.Chain.GetAccount(a.Address);
        Assert.Equal(0UL, account.Balance);
        Assert.Equal(0UL, account.Unbonding);
        Assert.Equal(0UL, account.UnbondingReleaseHeight);
        Assert.Equal(TestChain.InitialBalance + 1_000, t.Chain.GetAccount(b.Address).Balance);
    }

    [Fact]
    public void Release_is_lazy_and_happens_on_the_next_transaction_of_the_account()
    {
        var t = Chain();
        var (a, b) = (t.Users[0], t.Users[1]);
        t.Commit([t.Signed(a, 0, new StakePayload(500)), t.Signed(a, 1, new UnstakePayload(200))]); // release at 4
        for (var i = 0; i < 5; i++)
        {
            t.Commit([t.Transfer(b, a.Address, 7)]); // receiving does not release
        }

        var untouched = t.Chain.GetAccount(a.Address);
        Assert.Equal(6UL, t.Chain.Head.Height);
        Assert.Equal(200UL, untouched.Unbonding);
        Assert.Equal(TestChain.InitialBalance - 500 + 35, untouched.Balance);

        t.Commit([t.Signed(a, 2, new EnergyReportPayload(0, 1, 1), fee: 2)]); // any transaction releases
        var released = t.Chain.GetAccount(a.Address);
        Assert.Equal(0UL, released.Unbonding);
        Assert.Equal(0UL, released.UnbondingReleaseHeight);
        Assert.Equal(TestChain.InitialBalance - 500 + 35 + 200 - 2, released.Balance);
        Assert.Equal(300UL, released.Stake);
    }

    [Fact]
    public void A_later_unstake_adds_to_the_amount_and_moves_the_release_height()
    {
        var t = Chain();
        var a = t.Users[0];
        t.Commit([t.Signed(a, 0, new StakePayload(1_000)), t.Signed(a, 1, new UnstakePayload(100))]); // height 1, release 4
        t.Commit([]);
        t.Commit([t.Signed(a, 2, new UnstakePayload(50))]); // height 3: 4 not reached, joins; release 6

        var account = t.Chain.GetAccount(a.Address);
        Assert.Equal(150UL, account.Unbonding);
        Assert.Equal(3 + Period, account.UnbondingReleaseHeight);

        t.Commit([]);
        t.Commit([t.Signed(a, 3, new EnergyReportPayload(0, 1, 1))]); // height 5: nothing matured yet
        Assert.Equal(150UL, t.Chain.GetAccount(a.Address).Unbonding);

        t.Commit([t.Signed(a, 4, new UnstakePayload(25))]); // height 6: 150 matures and is released, 25 starts over
        account = t.Chain.GetAccount(a.Address);
        Assert.Equal(25UL, account.Unbonding);
        Assert.Equal(6 + Period, account.UnbondingReleaseHeight);
        Assert.Equal(TestChain.InitialBalance - 1_000 + 150, account.Balance);
        Assert.Equal(825UL, account.Stake);
    }

    [Fact]
    public void The_same_history_gives_the_same_root_on_another_node()
    {
        var producer = Chain();
        var validator = Chain();
        var a = producer.Users[0];
        var blocks = new List<Block>
        {
            producer.Commit([producer.Signed(a, 0, new StakePayload(900)), producer.Signed(a, 1, new UnstakePayload(300))]),
            producer.Commit([]),
            producer.Commit([]),
            producer.Commit([producer.Signed(a, 2, new TransferPayload(producer.Users[1].Address, 5))]),
        };
        foreach (var block in blocks)
        {
            Assert.True(validator.Chain.TryAppend(Block.Decode(block.Encode())).IsValid);
            Assert.Equal(block.Header.StateRoot, validator.Chain.StateRoot);
        }

        Assert.Equal(producer.Chain.StateRoot, validator.Chain.StateRoot);

        Assert.Equal(0UL, validator.Chain.GetAccount(a.Address).Unbonding);
    }

    [Fact]
    public void Unbonding_funds_are_neither_stake_nor_balance()
    {
        var t = Chain(users: 1);
        var a = t.Users[0];
        t.Commit([t.Signed(a, 0, new StakePayload(100)), t.Signed(a, 1, new UnstakePayload(100))]);
        var block = BlockExecutorTests.ForceBlock(t, [t.Signed(a, 2, new UnstakePayload(1))]);
        Assert.Equal(TxError.InsufficientStake, t.Chain.TryAppend(block).TxRejection!.Error);
    }
}
