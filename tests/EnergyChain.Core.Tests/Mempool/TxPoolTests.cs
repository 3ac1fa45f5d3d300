using EnergyChain.Core.Execution;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Core.Tests.Mempool;

public sealed class TxPoolTests
{
    [Fact]
    public void Admits_valid_transactions_and_dedups_by_hash()
    {
        var t = new TestChain(users: 2);
        var pool = new TxPool(t.Chain);
        var tx = t.Transfer(t.Users[0], t.Users[1].Address, 10);
        Assert.Equal(TxAdmissionStatus.Added, pool.Add(tx).Status);
        Assert.Equal(TxAdmissionStatus.AlreadyKnown, pool.Add(tx.Encoded).Status);
        Assert.Equal(1, pool.Count);
        Assert.Equal(tx.Size, pool.Bytes);
        Assert.True(t.Signatures.IsKnownValid(tx.Hash)); // verified once, reused by block validation
    }

    [Fact]
    public void Rejections_are_typed()
    {
        var t = new TestChain(users: 2);
        var pool = new TxPool(t.Chain, new TxPoolOptions { MaxNoncesAhead = 4 });
        var (a, b) = (t.Users[0], t.Users[1]);

        Assert.Equal(TxError.Malformed, pool.Add([1, 2, 3]).Rejection!.Error);
        Assert.Equal(TxError.TooLarge, pool.Add(new byte[Transaction.MaxEncodedSize + 1]).Rejection!.Error);
        Assert.Equal(TxError.WrongChainId, pool.Add(t.Signed(a, 0, new StakePayload(1), chainId: "elsewhere")).Rejection!.Error);
        Assert.Equal(TxError.NonceTooFarAhead, pool.Add(t.Signed(a, 5, new StakePayload(1))).Rejection!.Error);
        Assert.Equal(TxError.InsufficientBalance, pool.Add(t.Signed(a, 0, new TransferPayload(b.Address, TestChain.InitialBalance + 1))).Rejection!.Error);
        Assert.Equal(TxError.InsufficientStake, pool.Add(t.Signed(a, 0, new UnstakePayload(1))).Rejection!.Error);
        Assert.Equal(TxError.ZeroAmount, pool.Add(t.Signed(a, 0, new StakePayload(0))).Rejection!.Error);

        var bytes = t.Signed(a, 0, new StakePayload(1)).Encoded.ToArray();
        bytes[^1] ^= 1;
        Assert.Equal(TxError.BadSignature, pool.Add(bytes).Rejection!.Error);
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void Pending_spends_count_against_the_balance()
    {
        var t = new TestChain(users: 2);
        var pool = new TxPool(t.Chain);
        var (a, b) = (t.Users[0], t.Users[1]);
        var half = TestChain.InitialBalance / 2;
        Assert.True(pool.Add(t.Signed(a, 0, new TransferPayload(b.Address, half))).Accepted);
        Assert.True(pool.Add(t.Signed(a, 1, new TransferPayload(b.Address, half))).Accepted);
        Assert.Equal(TxError.InsufficientBalance, pool.Add(t.Signed(a, 2, new TransferPayload(b.Address, 1))).Rejection!.Error);
        Assert.Equal(2, pool.PendingRun(a.Address, 0));
        Assert.Equal(0, pool.PendingRun(b.Address, 0));
    }

    [Fact]
    public void Pending_hashes_list_every_pending_transaction_oldest_first()
    {
        var t = new TestChain(users: 2);
        var pool = new TxPool(t.Chain);
        var (a, b) = (t.Users[0], t.Users[1]);
        var admitted = new[] { t.Signed(b, 0, new StakePayload(1)), t.Signed(a, 1, new StakePayload(1)), t.Signed(a, 0, new StakePayload(1)) };
        Assert.All(admitted, tx => Assert.True(pool.Add(tx).Accepted));
        Assert.Equal(admitted.Select(tx => tx.Hash), pool.PendingHashes());
    }

    [Fact]
    public void Unbonding_funds_become_spendable_for_the_block_at_their_release_height()
    {
        var t = new TestChain(users: 2, parameters: new ChainParameters { ChainId = TestChain.DefaultChainId, UnbondingBlocks = 3 });
        var (a, b) = (t.Users[0], t.Users[1]);
        t.Commit([t.Signed(a, 0, new StakePayload(TestChain.InitialBalance)), t.Signed(a, 1, new UnstakePayload(1_000))]); // release at 4
        var pool = new TxPool(t.Chain);

        var spend = t.Signed(a, 2, new TransferPayload(b.Address, 1_000));
        var refused = pool.Add(spend);
        Assert.Equal(TxError.InsufficientBalance, refused.Rejection!.Error);
        Assert.Contains("until height 4", refused.Rejection.Message, StringComparison.Ordinal);

        t.Commit([]); // head 2: the next block (3) is still before the release
        Assert.Equal(TxError.InsufficientBalance, pool.Add(spend).Rejection!.Error);

        t.Commit([]); // head 3: the next block (4) releases
        Assert.Equal(TxAdmissionStatus.Added, pool.Add(spend).Status);
        Assert.Equal(TxError.InsufficientBalance, pool.Add(t.Signed(a, 3, new TransferPayload(b.Address, 1))).Rejection!.Error);

        // What the pool admitted is what execution allows.
        Assert.True(t.Chain.TryAppend(t.Build(pool.SelectForBlock(100, long.MaxValue))).IsValid);
        Assert.Equal(TestChain.InitialBalance + 1_000, t.Chain.GetAccount(b.Address).Balance);
        Assert.Equal(0, pool.Count);

        // An unstake costs only its fee: the amount goes to unbonding, never to the balance.
        Assert.Equal(0UL, t.Chain.GetAccount(a.Address).Balance);
        Assert.Equal(TxAdmissionStatus.Added, pool.Add(t.Signed(a, 3, new UnstakePayload(5))).Status);
    }

    [Fact]
    public void Same_nonce_is_replaced_only_by_a_higher_fee()
    {
        var t = new TestChain(users: 2);
        var pool = new TxPool(t.Chain);
        var (a, b) = (t.Users[0], t.Users[1]);
        var first = t.Signed(a, 0, new TransferPayload(b.Address, 1), fee: 5);
        Assert.True(pool.Add(first).Accepted);
        Assert.Equal(TxError.ReplacementUnderpriced, pool.Add(t.Signed(a, 0, new TransferPayload(b.Address, 2), fee: 5)).Rejection!.Error);
        var better = t.Signed(a, 0, new TransferPayload(b.Address, 2), fee: 6);
        Assert.Equal(TxAdmissionStatus.Replaced, pool.Add(better).Status);
        Assert.False(pool.Contains(first.Hash));
        Assert.True(pool.Contains(better.Hash));
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void Selection_keeps_nonce_order_without_gaps_and_prefers_fees()
    {
        var t = new TestChain(users: 3);
        var pool = new TxPool(t.Chain);
        var (a, b, c) = (t.Users[0], t.Users[1], t.Users[2]);
        // a: nonces 2,0,1 arrive out of order; b pays more; c has a gap (nonce 1 without 0).
        pool.Add(t.Signed(a, 2, new StakePayload(1), fee: 1));
        pool.Add(t.Signed(a, 0, new StakePayload(1), fee: 1));
        pool.Add(t.Signed(a, 1, new StakePayload(1), fee: 1));
        pool.Add(t.Signed(b, 0, new StakePayload(1), fee: 9));
        pool.Add(t.Signed(c, 1, new StakePayload(1), fee: 50));

        var selected = pool.SelectForBlock(100, long.MaxValue);
        Assert.Equal(4, selected.Count);
        Assert.Equal(b.Address, selected[0].SenderAddress);
        Assert.Equal([0UL, 1UL, 2UL], selected.Where(x => x.SenderAddress == a.Address).Select(x => x.Nonce));
        Assert.DoesNotContain(selected, x => x.SenderAddress == c.Address);

        Assert.Equal(2, pool.SelectForBlock(2, long.MaxValue).Count);
        Assert.Empty(pool.SelectForBlock(100, 10));

        // The selection is a valid block.
        Assert.True(t.Chain.TryAppend(t.Build(selected)).IsValid);
    }

    [Fact]
    public void Committed_and_stale_transactions_leave_the_pool()
    {
        var t = new TestChain(users: 2);
        var pool = new TxPool(t.Chain);
        var (a, b) = (t.Users[0], t.Users[1]);
        var tx0 = t.Signed(a, 0, new TransferPayload(b.Address, 1), fee: 1);
        var tx1 = t.Signed(a, 1, new TransferPayload(b.Address, 1), fee: 1);
        var tx0Alternative = t.Signed(a, 0, new TransferPayload(b.Address, 3), fee: 0);
        pool.Add(tx0);
        pool.Add(tx1);

        // Another node's block used nonce 0 with a different transaction: pool's tx0 is now stale.
        var block = t.Build([tx0Alternative]);
        Assert.True(t.Chain.TryAppend(block).IsValid);
        Assert.False(pool.Contains(tx0.Hash));
        Assert.True(pool.Contains(tx1.Hash));
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void A_full_pool_evicts_the_cheapest_tail_or_refuses()
    {
        var t = new TestChain(users: 4);
        var pool = new TxPool(t.Chain, new TxPoolOptions { MaxTransactions = 3 });
        var u = t.Users;
        var cheap = t.Signed(u[0], 0, new StakePayload(1), fee: 1);
        pool.Add(cheap);
        pool.Add(t.Signed(u[1], 0, new StakePayload(1), fee: 5));
        pool.Add(t.Signed(u[2], 0, new StakePayload(1), fee: 5));

        Assert.Equal(TxError.PoolFull, pool.Add(t.Signed(u[3], 0, new StakePayload(1), fee: 1)).Rejection!.Error);
        var rich = t.Signed(u[3], 0, new StakePayload(1), fee: 10);
        Assert.Equal(TxAdmissionStatus.Added, pool.Add(rich).Status);
        Assert.False(pool.Contains(cheap.Hash));
        Assert.Equal(3, pool.Count);
    }

    [Fact]
    public void Byte_cap_is_enforced()
    {
        var t = new TestChain(users: 3);
        var one = t.Signed(t.Users[0], 0, new StakePayload(1), fee: 1);
        var pool = new TxPool(t.Chain, new TxPoolOptions { MaxBytes = (2 * one.Size) + 10 });
        pool.Add(one);
        pool.Add(t.Signed(t.Users[1], 0, new StakePayload(1), fee: 1));
        Assert.Equal(TxError.PoolFull, pool.Add(t.Signed(t.Users[2], 0, new StakePayload(1), fee: 1)).Rejection!.Error);
        Assert.True(pool.Bytes <= (2 * one.Size) + 10);
    }
}
