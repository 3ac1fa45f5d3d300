using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Storage;
using EnergyChain.TestKit;

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
