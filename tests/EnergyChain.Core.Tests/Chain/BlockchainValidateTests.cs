using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Core.Tests.Chain;

public sealed class BlockchainValidateTests
{
    [Fact]
    public void Appending_a_block_validated_on_the_same_head_does_not_execute_it_again()
    {
        var (source, chain, runs) = Setup();
        var block = source.Build(source.RoundRobinTransfers(4));

        Assert.True(chain.Validate(block).IsValid);
        Assert.Equal(1, runs.Count);
        var appended = chain.TryAppend(block);

        Assert.True(appended.IsValid, appended.ToString());
        Assert.Equal(1, runs.Count);
        Assert.Equal(block.Hash, chain.Head.Hash);
        Assert.Equal(block.Header.StateRoot, chain.StateRoot);
    }

    [Fact]
    public void A_block_this_node_built_is_validated_and_appended_without_running_it_again()
    {
        var (source, chain, runs) = Setup();
        var built = chain.Executor.BuildBlock(chain, source.RoundRobinTransfers(4), source.Producer, chain.Head.Timestamp + 1);
        Assert.Equal(1, runs.Count);
        chain.RememberBuilt(built);

        Assert.True(chain.Validate(built.Block).IsValid);
        var appended = chain.TryAppend(built.Block);

        Assert.True(appended.IsValid, appended.ToString());
        Assert.Equal(1, runs.Count);
        Assert.Equal(built.Block.Header.StateRoot, chain.StateRoot);

        // Built on a head that another block then replaced: the remembered result is not used, the block is refused.
        Transaction TransferFrom(int user) => source.Signed(source.Users[user], chain.GetAccount(source.Users[user].Address).Nonce, new TransferPayload(source.Users[0].Address, 1));
        var stale = chain.Executor.BuildBlock(chain, [TransferFrom(1)], source.Producer, chain.Head.Timestamp + 1);
        chain.RememberBuilt(stale);
        var other = chain.Executor.BuildBlock(chain, [TransferFrom(2)], source.Producer, chain.Head.Timestamp + 1).Block;
        Assert.True(chain.TryAppend(other).IsValid);
        Assert.Equal(4, runs.Count);
        Assert.Equal(BlockError.WrongHeight, chain.TryAppend(stale.Block).Error);
        Assert.Equal(other.Hash, chain.Head.Hash);
    }

    [Fact]
    public void A_result_from_another_head_or_another_block_is_not_reused()
    {
        var (source, chain, runs) = Setup();
        var first = source.Build(source.RoundRobinTransfers(2));
        var rival = source.Build(source.RoundRobinTransfers(3));
        Assert.True(chain.Validate(first).IsValid);
        Assert.True(chain.Validate(rival).IsValid);
        Assert.True(chain.TryAppend(first).IsValid);
        Assert.Equal(2, runs.Count);

        // The rival was validated on genesis; a reused result would let it in on top of the new head.
        var refused = chain.TryAppend(rival);
        Assert.Equal(BlockError.WrongHeight, refused.Error);
        Assert.Equal(first.Hash, chain.Head.Hash);
    }

    [Fact]
    public void A_copy_of_a_validated_block_with_another_seal_is_judged_on_its_own()
    {
        // The hash leaves the producer's signature out: a result remembered by hash alone would let a forged seal in.
        var (source, chain, _) = Setup();
        var block = source.Build(source.RoundRobinTransfers(2));
        var forger = PrivateKey.FromSeed("forger");
        var forged = new Block(block.Header with { Signature = block.Header.SignWith(forger).Signature }, block.Transactions);
        Assert.Equal(block.Hash, forged.Hash);

        Assert.True(chain.Validate(block).IsValid);
        Assert.Equal(BlockError.BadProducerSignature, chain.Validate(forged).Error);
        Assert.Equal(BlockError.BadProducerSignature, chain.TryAppend(forged).Error);
        Assert.Equal(0UL, chain.Head.Height);
        Assert.True(chain.TryAppend(block).IsValid);
    }

    [Fact]
    public void An_invalid_block_is_reported_again_from_a_fresh_run()
    {
        var (source, chain, runs) = Setup();
        var block = source.Build(source.RoundRobinTransfers(2));
        var tampered = new Block((block.Header with { StateRoot = Hash256.Compute("wrong"u8) }).SignWith(source.Producer), block.Transactions);

        Assert.Equal(BlockError.StateRootMismatch, chain.Validate(tampered).Error);
        Assert.Equal(BlockError.StateRootMismatch, chain.TryAppend(tampered).Error);
        Assert.Equal(2, runs.Count);
        Assert.Equal(0UL, chain.Head.Height);
    }

    private static (TestChain Source, Blockchain Chain, CountingIncentives Runs) Setup()
    {
        var source = new TestChain(users: 3);
        var runs = new CountingIncentives();
        var chain = Blockchain.Open(new InMemoryBlockStore(), source.Genesis, new SignatureVerifier(CryptoBackends.Default), runs);
        return (source, chain, runs);
    }

    // The executor asks the incentives once per execution of a block: a cheap way to count executions.
    private sealed class CountingIncentives : IBlockIncentives
    {
        public int Count { get; private set; }

        public IReadOnlyList<Penalty> PenaltiesFor(BlockHeader header, IChainState parentState)
        {
            Count++;
            return [];
        }

        public ulong BlockRewardFor(BlockHeader header, IChainState parentState) => 0;
    }
}
